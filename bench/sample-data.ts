// Deterministic, realistic samples for benchmarks: the shapes the spec documents, with tags, media_info trees and
// nullable notes, so that validators and JSON parsing do representative work.
import { createHash } from "node:crypto";
import type { components } from "../generated/schema";

type Sample = components["schemas"]["Sample"];
type SampleList = components["schemas"]["SampleList"];

const TAGS = ["dvb", "cea-608", "cea-708", "teletext", "atsc", "isdb", "dvd", "mp4", "hls", "scte-20"];
const EXTENSIONS = ["ts", "mpg", "mp4", "mkv", "wtv", "m2ts"];

export function makeSample(sampleId: number): Sample {
  const sha256 = createHash("sha256").update(`sample-${sampleId}`).digest("hex");
  return {
    sample_id: sampleId,
    sha256,
    name: `Broadcast capture ${sampleId} (channel ${sampleId % 97})`,
    extension: EXTENSIONS[sampleId % EXTENSIONS.length],
    tags: [TAGS[sampleId % TAGS.length], TAGS[(sampleId * 7) % TAGS.length]],
    media_info: {
      container: "mpegts",
      duration_seconds: 60 + (sampleId % 3600),
      streams: [
        { index: 0, codec: "h264", width: 1920, height: 1080 },
        { index: 1, codec: "ac3", language: "eng" },
      ],
    },
    notes: sampleId % 3 === 0 ? null : `Captions start at ${sampleId % 60}s.`,
  };
}

/** Page of the collection 1..total, as the server would answer `GET /samples?offset=&limit=`. */
export function makePage(offset: number, limit: number, total: number): SampleList {
  const end = Math.min(offset + limit, total);
  const data: Sample[] = [];
  for (let id = offset + 1; id <= end; id++) data.push(makeSample(id));
  return { data, pagination: { limit, offset, total, next_offset: end < total ? end : null } };
}
