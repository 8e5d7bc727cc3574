// Run from ESM against a local server; SP_BASE_URL comes from the environment, as the official CLI reads it.
import { createRequire } from "node:module";
import { createSamplePlatformClient, SamplePlatformError } from "@ccextractor/sample-platform-client";

const sp = createSamplePlatformClient({ token: "pack-test-token", maxRetryDelayMs: 10, validateResponses: true });
const out = { format: "esm" };
out.sample = await sp.getSample(42);
out.page = await sp.listSamples({ limit: 2 });
out.ids = [];
for await (const sample of sp.iterateSamples({ limit: 2 })) out.ids.push(sample.sample_id);
for (const [name, call] of [["invalid", () => sp.getSample(0)], ["notFound", () => sp.getSample(404)]]) {
  try {
    await call();
  } catch (error) {
    out[name] = { isSamplePlatformError: error instanceof SamplePlatformError, code: error.code, status: error.status, details: error.details };
  }
}
out.rateLimit = sp.rateLimit;
// An app that loads both builds (dual package) still recognises the other build's errors.
const cjs = createRequire(import.meta.url)("@ccextractor/sample-platform-client");
out.crossBuildInstanceof = (await cjs.createSamplePlatformClient().getSample(-1).catch((error) => error)) instanceof SamplePlatformError;
console.log(JSON.stringify(out));
