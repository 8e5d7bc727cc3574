// The one openapi-typescript worker a process shares: calls at once each get their own spec's types, a spec it
// cannot read is that call's error only, and the worker is used again after it.
import path from "node:path";
import { renderTypes } from "./types-worker";

const ROOT = path.resolve(__dirname, "..");

it("answers calls made at once, each with its own spec's types", async () => {
  const [ours, grown] = await Promise.all([renderTypes(path.join(ROOT, "spec/openapi.yaml")), renderTypes(path.join(ROOT, "spec/fixtures/grown/openapi.yaml"))]);
  expect(ours).toContain('"/samples/{sample_id}"');
  expect(ours).not.toContain("/tags");
  expect(grown).toContain('"/tags"');
});

it("rejects only the call whose spec is missing, and serves the next one", async () => {
  const missing = renderTypes(path.join(ROOT, "spec/no-such-spec.yaml"));
  const next = renderTypes(path.join(ROOT, "spec/openapi.yaml"));
  await expect(missing).rejects.toThrow(/^openapi-typescript: .*no-such-spec\.yaml/);
  await expect(next).resolves.toContain("export interface paths");
});
