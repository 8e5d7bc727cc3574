// The request-overhead verdicts that compare rows with each other: ours within 1.20x raw fetch and cheaper than
// openapi-fetch alone and every retrying peer; validateResponses' own work at most 0.05x of a raw fetch call.
import { withRatio, type Row } from "./report";
import { judgeLoopback, VALIDATION_ALONE } from "./request-overhead";

const name = (contender: string) => `${contender} (1000 sequential getSample)`;
const rows = (values: Record<string, number>, validationAlone = 2): Row[] => [
  ...withRatio(
    Object.entries(values).map(([contender, value]) => ({
      section: "request overhead",
      name: name(contender),
      value,
      unit: "µs/call",
      baseline: contender === "raw fetch" ? undefined : name("raw fetch"),
    })),
  ),
  { section: "request overhead", name: VALIDATION_ALONE, value: validationAlone, unit: "µs/call", baseline: name("raw fetch"), ratio: validationAlone / values["raw fetch"] },
];
const verdicts = (values: Record<string, number>, validationAlone?: number) =>
  Object.fromEntries(
    judgeLoopback(rows(values, validationAlone), name)
      .filter((row) => row.target)
      .map((row) => [row.name.split(" (")[0], [row.met, row.target]]),
  );

const peers = { "raw fetch": 400, "openapi-fetch alone": 460, "ky alone": 560, "openapi-fetch + ky": 640, "axios + axios-retry": 580 };

test("ours within 1.20x and ahead of openapi-fetch alone and every retrying peer, validation's own work within 0.05x: both met, rows named by number", () => {
  expect(verdicts({ ...peers, "our client": 450, "our client, validateResponses": 470 })).toEqual({
    "our client": [true, "<= 1.20x, cheaper than openapi-fetch and each retrying peer (#2, #3, #4, #5)"],
    [VALIDATION_ALONE]: [true, "validateResponses adds at most 0.05x (end to end, #7 - #6: +0.05x)"],
  });
});

test("ours over 1.20x, or behind openapi-fetch alone or one retrying peer, is missed", () => {
  expect(verdicts({ ...peers, "openapi-fetch alone": 500, "our client": 484, "our client, validateResponses": 500 })["our client"][0]).toBe(false);
  expect(verdicts({ ...peers, "axios + axios-retry": 440, "our client": 450, "our client, validateResponses": 450 })["our client"][0]).toBe(false);
  expect(verdicts({ ...peers, "openapi-fetch alone": 440, "our client": 450, "our client, validateResponses": 450 })["our client"][0]).toBe(false);
});

test("ahead or behind by the paired ratios the table shows, not by the rows' median times, which come from different rounds", () => {
  const paired = (ours: { value: number; ratio: number }, alone: { value: number; ratio: number }) => {
    const table = rows({ ...peers, "openapi-fetch alone": alone.value, "our client": ours.value, "our client, validateResponses": ours.value });
    for (const row of table) {
      if (row.name === name("our client")) row.ratio = ours.ratio;
      if (row.name === name("openapi-fetch alone")) row.ratio = alone.ratio;
    }
    return judgeLoopback(table, name).find((row) => row.name === name("our client"))!.met;
  };
  expect(paired({ value: 228, ratio: 1.13 }, { value: 210, ratio: 1.14 })).toBe(true);
  expect(paired({ value: 200, ratio: 1.15 }, { value: 210, ratio: 1.14 })).toBe(false);
});

test("validation is judged on its own work: 21 µs on a 400 µs call is missed, whatever the end-to-end rows say", () => {
  expect(verdicts({ ...peers, "our client": 450, "our client, validateResponses": 438 }, 21)[VALIDATION_ALONE]).toEqual([
    false,
    "validateResponses adds at most 0.05x (end to end, #7 - #6: -0.03x)",
  ]);
  expect(verdicts({ ...peers, "our client": 450, "our client, validateResponses": 510 }, 1)[VALIDATION_ALONE][0]).toBe(true);
});


test("a missing row of ours is an error, not a silent pass", () => {
  expect(() => judgeLoopback(rows(peers).filter((row) => row.name !== VALIDATION_ALONE), name)).toThrow("judgeLoopback: our client's rows are missing");
});
