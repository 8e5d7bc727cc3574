// Cold start and size: import time and memory of the built package against openapi-fetch alone (fresh processes),
// the packed tarball, and what a bundler ships to a browser (minified + gzipped).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { median } from "./stats";
import { withRatio, type Row } from "./report";

const ROOT = path.resolve(__dirname, "..");
const SECTION = "cold start and size";

/** The package's own entry points, read from its `exports`, as a consumer resolves them. */
function entryPoints(): { esm: string; cjs: string } {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const dot = pkg.exports?.["."];
  const pick = (condition: "import" | "require"): string => {
    const target = dot?.[condition];
    const file = typeof target === "string" ? target : target?.default;
    if (typeof file !== "string") throw new Error(`package.json exports["."].${condition} has no file`);
    return path.join(ROOT, file);
  };
  return { esm: pick("import"), cjs: pick("require") };
}

/**
 * What a fresh Node process spends importing `specifier` (median of `runs`): milliseconds and heap, and the
 * milliseconds until it has also built its first Request. Node loads its fetch implementation (undici) lazily, on
 * first use: whoever touches fetch, Request or Response first pays for that load (the client's module scope creates
 * a TextDecoder only, which is not part of it).
 */
function importCost(
  specifier: string,
  kind: "import" | "require",
  runs: number,
  fetchLoaded = false,
): { ms: number; heapKiB: number; toFirstRequestMs: number } {
  const load = kind === "import" ? `await import(${JSON.stringify(specifier)})` : `require(${JSON.stringify(specifier)})`;
  // With fetchLoaded, the process has used fetch's classes (and web streams) before the import: what remains is the
  // package's own cost.
  const warm = fetchLoaded ? `new Request("http://127.0.0.1/", { method: "POST", body: new ReadableStream(), duplex: "half" });` : "";
  const code = `(async () => { ${warm} const heap0 = process.memoryUsage().heapUsed; const t0 = performance.now(); ${load};
    const ms = performance.now() - t0; const heap = process.memoryUsage().heapUsed - heap0;
    new Request("http://127.0.0.1/samples/1"); const toFirstRequestMs = performance.now() - t0;
    process.stdout.write(JSON.stringify({ ms, heap, toFirstRequestMs })); })()`;
  const ms: number[] = [];
  const heap: number[] = [];
  const toFirstRequest: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = JSON.parse(execFileSync(process.execPath, ["-e", code], { cwd: ROOT }).toString());
    ms.push(out.ms);
    heap.push(out.heap / 1024);
    toFirstRequest.push(out.toFirstRequestMs);
  }
  return { ms: median(ms), heapKiB: median(heap), toFirstRequestMs: median(toFirstRequest) };
}

/** The largest browser entry chunk, min+gz, for a spec of two operations. */
const BUNDLE_MAX_KIB = 12;

/** Bytes a bundler ships for `source` (esbuild, browser, minified): the entry chunk and any lazily loaded chunks. */
async function bundledSize(source: string): Promise<{ entry: number; lazy: number }> {
  const outdir = mkdtempSync(path.join(os.tmpdir(), "sp-bundle-"));
  const result = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: "js" },
    bundle: true,
    minify: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    outdir,
    metafile: true,
    logLevel: "error",
  });
  let entry = 0;
  let lazy = 0;
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith(".js")) continue;
    const gz = gzipSync(readFileSync(path.resolve(ROOT, file))).length;
    // A dynamic import() becomes an entry point of its own; the page's entry is the stdin one.
    if (output.entryPoint === "<stdin>") entry += gz;
    else lazy += gz;
  }
  return { entry, lazy };
}

export async function benchColdStart(options: { quick: boolean }): Promise<Row[]> {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const { esm, cjs } = entryPoints();
  const runs = options.quick ? 3 : 9;
  const rows: Row[] = [];
  for (const kind of ["import", "require"] as const) {
    const base = importCost("openapi-fetch", kind, runs);
    const ours = importCost(kind === "import" ? esm : cjs, kind, runs);
    const baseWarm = importCost("openapi-fetch", kind, runs, true);
    const oursWarm = importCost(kind === "import" ? esm : cjs, kind, runs, true);
    const label = kind === "import" ? "ESM import" : "CJS require";
    rows.push(
      ...withRatio([
        { section: SECTION, name: `${label} time, openapi-fetch alone`, value: base.ms, unit: "ms" },
        { section: SECTION, name: `${label} time, our package`, value: ours.ms, unit: "ms", baseline: `${label} time, openapi-fetch alone` },
        { section: SECTION, name: `${label} + first Request, openapi-fetch alone`, value: base.toFirstRequestMs, unit: "ms" },
        {
          section: SECTION,
          name: `${label} + first Request, our package`,
          value: ours.toFirstRequestMs,
          unit: "ms",
          baseline: `${label} + first Request, openapi-fetch alone`,
        },
        { section: SECTION, name: `${label} time with fetch already loaded, openapi-fetch alone`, value: baseWarm.ms, unit: "ms" },
        {
          section: SECTION,
          name: `${label} time with fetch already loaded, our package`,
          value: oursWarm.ms,
          unit: "ms",
          baseline: `${label} time with fetch already loaded, openapi-fetch alone`,
        },
        { section: SECTION, name: `${label} heap, openapi-fetch alone`, value: base.heapKiB, unit: "KiB" },
        { section: SECTION, name: `${label} heap, our package`, value: ours.heapKiB, unit: "KiB", baseline: `${label} heap, openapi-fetch alone` },
      ]),
    );
  }
  const packDir = mkdtempSync(path.join(os.tmpdir(), "sp-pack-"));
  const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", packDir], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] }).toString());
  const tarball = path.join(packDir, packed[0].filename);
  rows.push({ section: SECTION, name: `packed tarball (${packed[0].entryCount} files)`, value: statSync(tarball).size / 1024, unit: "KiB" });

  const peer = await bundledSize(`export { default } from "openapi-fetch";`);
  const ours = await bundledSize(`export { createSamplePlatformClient, SamplePlatformError } from ${JSON.stringify(esm)};`);
  rows.push(
    ...withRatio([
      { section: SECTION, name: "browser bundle min+gz, openapi-fetch alone", value: peer.entry / 1024, unit: "KiB" },
      {
        section: SECTION,
        name: "browser bundle min+gz, our client (entry chunk)",
        value: ours.entry / 1024,
        unit: "KiB",
        baseline: "browser bundle min+gz, openapi-fetch alone",
        note: "openapi-fetch + the client",
        target: `<= ${BUNDLE_MAX_KIB} KiB for two operations (#18)`,
        met: ours.entry / 1024 <= BUNDLE_MAX_KIB,
      },
    ]),
    {
      section: SECTION,
      name: "browser bundle min+gz, validators (lazy chunk, only with validateResponses)",
      value: ours.lazy / 1024,
      unit: "KiB",
    },
  );
  return rows;
}
