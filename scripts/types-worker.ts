// generated/schema.d.ts's text, from openapi-typescript. It is ESM only (and so are some of its dependencies), so it
// runs in a worker thread, which loads it with Node's own module loader whatever the caller's is: the generator under
// tsx, or a test under Jest, which cannot require() ESM. The worker's code is plain JavaScript, passed as text.
//
// One worker serves every call of a process: loading openapi-typescript and the TypeScript it imports costs about
// 0.8 s of CPU, which a test rendering several specs would otherwise pay for each (scripts/reusable-worker.ts).
import { reusableWorker } from "./reusable-worker";

const TYPES_WORKER = `
const { parentPort } = require("node:worker_threads");
const { readFile } = require("node:fs/promises");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const loaded = import("openapi-typescript");
// A full GC once a reply is sent: what openapi-typescript built for a large spec (hundreds of MB) would otherwise stay
// in this thread's heap while the generator's own work grows the other's. (The way jest-leak-detector gets gc().)
require("node:v8").setFlagsFromString("--expose-gc");
const collect = require("node:vm").runInNewContext("gc");
parentPort.on("message", ({ id, request: specPath }) => {
  // The spec's text, not its URL: openapi-typescript then reads a JSON spec with JSON.parse instead of its YAML parser
  // (the same types, in less time and memory); a relative $ref still resolves from the spec's own folder.
  Promise.all([loaded, readFile(specPath, "utf8")])
    .then(async ([{ default: openapiTS, astToString }, text]) => {
      const options = { alphabetize: false, cwd: pathToFileURL(path.dirname(specPath) + path.sep) };
      return { id, result: astToString(await openapiTS(text, options)) };
    })
    .catch((error) => ({ id, error: error instanceof Error ? error.message : String(error) }))
    .then((reply) => {
      parentPort.postMessage(reply);
      setImmediate(collect);
    });
});
`;

/** How long an idle worker is kept for the next call. */
const IDLE_MS = 10_000;

const types = reusableWorker<string, string>({ source: TYPES_WORKER, name: "openapi-typescript", idleMs: IDLE_MS });

/**
 * Starts the worker, which begins loading openapi-typescript, without a call to answer yet: a caller about to ask for
 * types does this first, so that the load overlaps its own work. Like an idle worker, it holds nothing open.
 */
export const warmUpTypes = (): void => types.warmUp();

/** openapi-typescript's output for the spec at `specPath`, as text. */
export const renderTypes = (specPath: string): Promise<string> => types.call(specPath);
