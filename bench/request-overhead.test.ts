// The request-overhead verdicts that compare rows with each other: ours within 1.25x raw fetch and cheaper than every
// retrying peer; validateResponses at most 0.05x above ours.
import { withRatio, type Row } from "./report";
import { judgeLoopback } from "./request-overhead";

const name = (contender: string) => `${contender} (2000 sequential getSample)`;
const rows = (values: Record<string, number>): Row[] =>
  withRatio(
    Object.entries(values).map(([contender, value]) => ({
      section: "request overhead",
      name: name(contender),
      value,
      unit: "µs/call",
      baseline: contender === "raw fetch" ? undefined : name("raw fetch"),
    })),
  );
const verdicts = (values: Record<string, number>) =>
  Object.fromEntries(judgeLoopback(rows(values), name).filter((row) => row.target).map((row) => [row.name.split(" (")[0], [row.met, row.target]]));

const peers = { "raw fetch": 400, "openapi-fetch alone": 460, "ky alone": 560, "openapi-fetch + ky": 640, "axios + axios-retry": 580 };

test("ours within 1.25x and ahead of every retrying peer, validation within +0.05x: both met, rows named by number", () => {
  expect(verdicts({ ...peers, "our client": 480, "our client, validateResponses": 500 })).toEqual({
    "our client": [true, "<= 1.25x, and cheaper than each retrying peer (#3, #4, #5)"],
    "our client, validateResponses": [true, "at most +0.05x over #6 (here +0.05x)"],
  });
});

test("ours over 1.25x, or behind one retrying peer, is missed; so is validation adding more than 0.05x", () => {
  expect(verdicts({ ...peers, "our client": 520, "our client, validateResponses": 560 })["our client"][0]).toBe(false);
  expect(verdicts({ ...peers, "axios + axios-retry": 470, "our client": 480, "our client, validateResponses": 480 })["our client"][0]).toBe(false);
  expect(verdicts({ ...peers, "our client": 480, "our client, validateResponses": 504 })["our client, validateResponses"]).toEqual([
    false,
    "at most +0.05x over #6 (here +0.06x)",
  ]);
});

test("openapi-fetch alone is not a retrying peer: being behind it is allowed", () => {
  expect(verdicts({ ...peers, "openapi-fetch alone": 440, "our client": 480, "our client, validateResponses": 480 })["our client"][0]).toBe(true);
});
