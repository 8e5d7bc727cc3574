// `npm run build`: the published package into dist/ (what it holds: scripts/package-build.ts).
//   --out <dir>      builds elsewhere (the package test stages its own copy, so parallel runs never share dist/)
//   --bundles-only   skips the declaration trees (the compiler, most of the build's time) for a test that only runs the bundles
import { join, resolve } from "node:path";
import { buildPackage, TypeErrors } from "./package-build";

const root = resolve(__dirname, "..");
const outIndex = process.argv.indexOf("--out");
const out = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(root, "dist");

buildPackage({ root, out, bundlesOnly: process.argv.includes("--bundles-only") }).then(
  (summary) => console.log(`build: ${summary}`),
  (error: unknown) => {
    // tsc's lines, as tsc prints them; any other failure with its stack.
    if (error instanceof TypeErrors) console.error(`${error.lines.join("\n")}\nbuild: ${error.message}`);
    else console.error(error);
    process.exit(1);
  },
);
