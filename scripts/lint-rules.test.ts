// The house rules in spec/.spectral.yaml fire on a spec that breaks them (and stay quiet on ours: `npm run lint:spec`).
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse, stringify } from "yaml";

const ROOT = path.resolve(__dirname, "..");
const run = promisify(execFile);

async function lint(specPath: string): Promise<{ code: number; results: { code: string; path: string[] }[] }> {
  const args = ["lint", specPath, "--ruleset", path.join(ROOT, "spec/.spectral.yaml"), "--format", "json", "--quiet"];
  try {
    const { stdout } = await run(path.join(ROOT, "node_modules/.bin/spectral"), args, { cwd: ROOT });
    return { code: 0, results: JSON.parse(stdout || "[]") };
  } catch (error: any) {
    return { code: error.code, results: JSON.parse(error.stdout || "[]") };
  }
}

describe("spec lint rules", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sp-lint-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("flags a missing summary, tags and operationId, an error response without the Error schema, and an undescribed property", async () => {
    const spec = parse(await readFile(path.join(ROOT, "spec/openapi.yaml"), "utf8"));
    const op = spec.paths["/samples/{sample_id}"].get;
    delete op.summary;
    delete op.operationId;
    op.tags = [];
    op.responses["404"] = {
      description: "Resource not found",
      content: { "application/json": { schema: { type: "object", properties: { error: { type: "string", description: "x" } } } } },
    };
    delete spec.components.schemas.Sample.properties.name.description;
    const broken = path.join(dir, "broken.yaml");
    await writeFile(broken, stringify(spec));

    const { code, results } = await lint(broken);
    expect(code).not.toBe(0);
    const found = results.map((r) => `${r.code} ${r.path.join(".")}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "operation-has-summary paths./samples/{sample_id}.get",
        "operation-has-operation-id paths./samples/{sample_id}.get",
        "operation-has-tags paths./samples/{sample_id}.get.tags",
        "error-response-uses-error-schema paths./samples/{sample_id}.get.responses.404",
        "schema-property-has-description components.schemas.Sample.properties.name",
      ]),
    );
  });
});
