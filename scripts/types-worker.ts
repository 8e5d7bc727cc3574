// generated/schema.d.ts's text, from openapi-typescript. It is ESM only (and so are some of its dependencies), so it
// runs in a worker thread, which loads it with Node's own module loader whatever the caller's is: the generator under
// tsx, or a test under Jest, which cannot require() ESM. The worker's code is plain JavaScript, passed as text.
//
// One worker serves every call of a process: loading openapi-typescript and the TypeScript it imports costs about
// 0.8 s of CPU, which a test rendering several specs would otherwise pay for each. It holds the process open only
// while a call waits on it, and stops after a moment with nothing to do.
import { Worker } from "node:worker_threads";

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
parentPort.on("message", ({ id, specPath }) => {
  // The spec's text, not its URL: openapi-typescript then reads a JSON spec with JSON.parse instead of its YAML parser
  // (the same types, in less time and memory); a relative $ref still resolves from the spec's own folder.
  Promise.all([loaded, readFile(specPath, "utf8")])
    .then(async ([{ default: openapiTS, astToString }, text]) => {
      const options = { alphabetize: false, cwd: pathToFileURL(path.dirname(specPath) + path.sep) };
      return { id, text: astToString(await openapiTS(text, options)) };
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

interface Reply {
  id: number;
  text?: string;
  error?: string;
}

interface Pending {
  resolve: (text: string) => void;
  reject: (error: Error) => void;
}

let worker: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

function stop(reason: Error): void {
  const stopping = worker;
  worker = undefined;
  clearTimeout(idleTimer);
  for (const call of pending.values()) call.reject(reason);
  pending.clear();
  void stopping?.terminate();
}

function started(): Worker {
  if (worker) return worker;
  const fresh = new Worker(TYPES_WORKER, { eval: true });
  fresh.on("message", ({ id, text, error }: Reply) => {
    const call = pending.get(id);
    pending.delete(id);
    if (text !== undefined) call?.resolve(text);
    else call?.reject(new Error(`openapi-typescript: ${error}`));
    if (pending.size === 0) {
      fresh.unref();
      idleTimer = setTimeout(() => worker === fresh && stop(new Error("openapi-typescript: worker stopped")), IDLE_MS).unref();
    }
  });
  fresh.on("error", (error) => worker === fresh && stop(new Error(`openapi-typescript: ${error.message}`)));
  fresh.on("exit", (code) => worker === fresh && stop(new Error(`openapi-typescript: worker exited (code ${code})`)));
  worker = fresh;
  return fresh;
}

/**
 * Starts the worker, which begins loading openapi-typescript, without a call to answer yet: a caller about to ask for
 * types does this first, so that the load overlaps its own work. Like an idle worker, it holds nothing open.
 */
export function warmUpTypes(): void {
  if (worker) return;
  const fresh = started();
  fresh.unref();
  idleTimer = setTimeout(() => worker === fresh && pending.size === 0 && stop(new Error("openapi-typescript: worker stopped")), IDLE_MS).unref();
}

/** openapi-typescript's output for the spec at `specPath`, as text. */
export function renderTypes(specPath: string): Promise<string> {
  const serving = started();
  clearTimeout(idleTimer);
  serving.ref();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    serving.postMessage({ id, specPath });
  });
}
