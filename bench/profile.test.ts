// The profile summary's arithmetic: self time per sample, by category and by function, idle left out.
import { category, summarise } from "./profile";

const CHILD = "/tmp/sp-profile-x/profile-child.cjs";
const frame = (id: number, functionName: string, url = "", lineNumber = 0) => ({ id, callFrame: { functionName, url, lineNumber } });

test("categories follow the script a frame comes from", () => {
  expect(category(CHILD, "withDeadline", CHILD)).toBe("our client (src/)");
  expect(category(`file://${CHILD}`, "exchange", CHILD)).toBe("our client (src/)");
  expect(category("/repo/node_modules/openapi-fetch/dist/index.cjs", "createFinalURL", CHILD)).toBe("openapi-fetch");
  expect(category("node:internal/deps/undici/undici", "fetch", CHILD)).toBe("undici (fetch)");
  expect(category("node:internal/webstreams/readablestream", "read", CHILD)).toBe("web streams");
  expect(category("node:internal/abort_controller", "createAbortSignal", CHILD)).toBe("Node (other, incl. promises and timers)");
  expect(category("", "(garbage collector)", CHILD)).toBe("GC");
});

test("each sample's time goes to its node, summed by category and function, idle left out", () => {
  const profile = {
    nodes: [frame(1, "(root)"), frame(2, "(idle)"), frame(3, "readBody", CHILD, 9), frame(4, "fetch", "node:internal/deps/undici/undici", 99), frame(5, "GET", "/r/node_modules/openapi-fetch/dist/index.cjs", 7)],
    // The time of a sample is the delta to the next one.
    samples: [3, 4, 3, 2, 4, 5],
    timeDeltas: [0, 1000, 3000, 500, 9000, 0, 250],
  };
  const summary = summarise(profile, CHILD);
  expect(summary.busyMs).toBe(4.75);
  expect(summary.byCategory).toEqual([
    ["undici (fetch)", 3],
    ["our client (src/)", 1.5],
    ["openapi-fetch", 0.25],
  ]);
  expect(summary.byFunction).toEqual([
    ["fetch deps/undici/undici:100", "undici (fetch)", 3],
    ["readBody", "our client (src/)", 1.5],
    ["GET openapi-fetch/dist/index.cjs:8", "openapi-fetch", 0.25],
  ]);
});
