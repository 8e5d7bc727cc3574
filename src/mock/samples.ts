// The mock's samples: a seeded generator of schema-valid, realistic samples (public: tests compare against its output).
// The seeded PRNG every other generated collection draws from too.
import type { Sample } from "../types";

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same data on every runtime. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOURCES = [
  "BBC One HD", "ITV London", "Channel 4", "WTVJ NBC6", "KTLA", "CBC Toronto", "NHK 総合", "TF1 Télévision",
  "ZDF", "RTVE La 1", "TV Globo", "Al Jazeera", "SBS Seoul", "Rede Record", "Česká televize",
];
const KINDS = ["news broadcast", "capture", "roll-up captions", "pop-on captions", "teletext subtitles", "DVB subtitles"];
const EXTENSIONS = ["ts", "mpg", "mkv", "mp4", "m2ts", "wtv", "mov"];
const CONTAINERS: Record<string, string> = { ts: "mpegts", mpg: "mpeg-ps", mkv: "matroska", mp4: "mp4", m2ts: "mpegts", wtv: "wtv", mov: "quicktime" };
const TAGS = ["dvb", "teletext", "cea-608", "cea-708", "atsc", "isdb", "dvb-sub", "scte-20", "608-in-708", "hdtv"];
const CODECS = ["h264", "mpeg2video", "hevc"];

/**
 * `count` schema-valid samples with ids 1 to `count`, so that an example's `getSample(42)` finds one. The same
 * `seed` gives the same samples. Some digests are upper-case (the spec allows either case), some names not ASCII.
 */
export function generateSamples(count: number, seed = 1): Sample[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const samples: Sample[] = [];
  for (let id = 1; id <= count; id++) {
    const extension = pick(EXTENSIONS);
    let sha256 = Array.from({ length: 64 }, () => "0123456789abcdef"[Math.floor(random() * 16)]).join("");
    if (random() < 0.125) sha256 = sha256.toUpperCase();
    const tags = [...new Set(Array.from({ length: Math.floor(random() * 4) }, () => pick(TAGS)))];
    const day = 1 + Math.floor(random() * 28);
    const month = 1 + Math.floor(random() * 12);
    const year = 2005 + Math.floor(random() * 20);
    const streams: Record<string, unknown>[] = [{ index: 0, codec: pick(CODECS), width: 1920, height: 1080 }];
    if (tags.includes("teletext")) streams.push({ index: 1, codec: "dvb_teletext", language: "eng" });
    samples.push({
      sample_id: id,
      sha256,
      name: `${pick(SOURCES)} ${pick(KINDS)} ${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
      extension,
      tags,
      media_info: random() < 0.1 ? {} : { container: CONTAINERS[extension], duration_seconds: Math.round(random() * 36000) / 10, streams },
      notes: random() < 0.6 ? null : `Captions start at ${Math.floor(random() * 60)} s.`,
    });
  }
  return samples;
}
