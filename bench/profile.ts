// Where a call's cost goes: a child process runs sequential getSample calls under `node --cpu-prof` against a loopback
// server in this process (so that the profile holds the client's side only), and its profile is summarised as self
// time by category (our client, openapi-fetch, undici, web streams, the rest of Node, GC) and by function.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { buildSync } from "esbuild";
import { startLoopbackServer } from "./loopback-server";
import type { Row } from "./report";

const SECTION = "profile of our client's getSample (self time, % of busy CPU)";
const run = promisify(execFile);

/** The child's code: `calls` sequential getSample calls against the base URL it is given. */
const CHILD_SOURCE = `
import { createSamplePlatformClient } from "../src/index";
async function main(baseUrl: string, calls: number) {
  const client = createSamplePlatformClient({ baseUrl, token: "bench-token" });
  for (let i = 0; i < calls; i++) await client.getSample((i % 500) + 1);
}
void main(process.argv[2], Number(process.argv[3]));
`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** What part of the stack a frame belongs to, by its script's URL. */
export function category(url: string, functionName: string, childFile: string): string {
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(program)" || functionName === "(idle)" || functionName === "(root)") return functionName;
  if (url === childFile || url === `file://${childFile}`) return "our client (src/)";
  if (url.includes("/node_modules/openapi-fetch/")) return "openapi-fetch";
  if (url.includes("undici")) return "undici (fetch)";
  if (url.includes("webstreams")) return "web streams";
  if (url.startsWith("node:") || url === "") return "Node (other, incl. promises and timers)";
  return "other";
}

interface ProfileSummary {
  busyMs: number;
  byCategory: Array<[name: string, ms: number]>;
  byFunction: Array<[name: string, category: string, ms: number]>;
}

/** Where a function is, briefly: Node's internals and packages by their own path; ours by name alone (a bundle's lines say nothing). */
function shortPlace(url: string, lineNumber: number, kind: string): string {
  if (url === "" || kind === "our client (src/)") return "";
  const inPackage = url.lastIndexOf("/node_modules/");
  const place = inPackage >= 0 ? url.slice(inPackage + "/node_modules/".length) : url.replace(/^node:internal\//, "").replace(/^file:\/\//, "");
  return ` ${place}:${lineNumber + 1}`;
}

/** Self time of each node (the time until the next sample), summed by category and by function; idle left out. */
export function summarise(profile: CpuProfile, childFile: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const categories = new Map<string, number>();
  const functions = new Map<string, [string, number]>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const microseconds = profile.timeDeltas[i + 1] ?? 0;
    if (!node || node.callFrame.functionName === "(idle)") return;
    const { functionName, url, lineNumber } = node.callFrame;
    const kind = category(url, functionName, childFile);
    busy += microseconds;
    categories.set(kind, (categories.get(kind) ?? 0) + microseconds);
    const name = `${functionName || "(anonymous)"}${shortPlace(url, lineNumber, kind)}`;
    const [, before] = functions.get(name) ?? [kind, 0];
    functions.set(name, [kind, before + microseconds]);
  });
  const ms = (microseconds: number) => microseconds / 1000;
  return {
    busyMs: ms(busy),
    byCategory: [...categories].map(([name, us]): [string, number] => [name, ms(us)]).sort((a, b) => b[1] - a[1]),
    byFunction: [...functions].map(([name, [kind, us]]): [string, string, number] => [name, kind, ms(us)]).sort((a, b) => b[2] - a[2]),
  };
}

export async function benchProfile(options: { quick: boolean }): Promise<Row[]> {
  const calls = options.quick ? 1_000 : 5_000;
  const dir = mkdtempSync(path.join(os.tmpdir(), "sp-profile-"));
  // Bundled to plain JavaScript (no TypeScript loader in the profile); openapi-fetch stays its own file, to be told apart.
  const child = path.join(dir, "profile-child.cjs");
  buildSync({
    stdin: { contents: CHILD_SOURCE, resolveDir: __dirname, loader: "ts" },
    outfile: child,
    bundle: true,
    platform: "node",
    format: "cjs",
    external: ["openapi-fetch"],
    logLevel: "error",
  });
  const server = await startLoopbackServer({ total: 10_000 });
  try {
    await run(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "100", child, server.baseUrl, String(calls)], {
      cwd: path.resolve(__dirname, ".."),
      env: { ...process.env, NODE_PATH: path.resolve(__dirname, "../node_modules") },
    });
  } finally {
    await server.close();
  }
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error("profile: node --cpu-prof wrote no profile");
  const summary = summarise(JSON.parse(readFileSync(path.join(dir, file), "utf8")) as CpuProfile, child);
  rmSync(dir, { recursive: true, force: true });
  const share = (ms: number) => (100 * ms) / summary.busyMs;
  return [
    {
      section: SECTION,
      name: `busy CPU of ${calls} sequential calls (start-up included), a call`,
      value: (summary.busyMs * 1000) / calls,
      unit: "µs/call",
    },
    ...summary.byCategory.map(([name, ms]): Row => ({ section: SECTION, name: `category: ${name}`, value: share(ms), unit: "%" })),
    ...summary.byFunction.slice(0, options.quick ? 10 : 25).map(([name, kind, ms]): Row => ({
      section: SECTION,
      name: `${name} [${kind}]`,
      value: share(ms),
      unit: "%",
    })),
  ];
}
