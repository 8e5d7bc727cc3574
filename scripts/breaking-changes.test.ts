// Each change a spec maintainer might make, classified as it affects the generated client's users and the contract
// suite: proven on edited copies of the real spec.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { compareSpecs, type Change } from "./breaking-changes";
import { readSpec, type JsonObject } from "./spec-model";

const ROOT = path.resolve(__dirname, "..");
const SPEC = path.join(ROOT, "spec/openapi.yaml");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const CLI = path.join(ROOT, "scripts/check-breaking.ts");

let spec: JsonObject;
beforeAll(async () => {
  spec = await readSpec(SPEC);
});

type Edit = (s: any) => void;
const listParam = (s: any, name: string) => s.paths["/samples"].get.parameters.find((p: any) => p.name === name);
const sample = (s: any) => s.components.schemas.Sample;

function changesAfter(edit: Edit): Change[] {
  const after = structuredClone(spec);
  edit(after);
  return compareSpecs(spec, after);
}

test("the spec compared with itself has no change", () => {
  expect(compareSpecs(spec, structuredClone(spec))).toEqual([]);
});

test("descriptions, summaries and examples are not contract changes", () => {
  expect(
    changesAfter((s) => {
      s.info.description = "Reworded.";
      s.paths["/samples"].get.summary = "Reworded";
      listParam(s, "name").description = "Reworded.";
      listParam(s, "name").example = "Other capture";
      sample(s).properties.notes.description = "Reworded.";
      sample(s).examples = [];
    }),
  ).toEqual([]);
});

// [what the maintainer did, the edit, the expected severity, a fragment of where, a fragment of the message]
const cases: [string, Edit, "breaking" | "non-breaking", string, RegExp][] = [
  ["tightens a query bound", (s) => (listParam(s, "name").schema.maxLength = 80), "breaking", "GET /samples › query `name`", /maxLength 100 → 80: the server now rejects requests it accepted/],
  ["loosens a query bound", (s) => (listParam(s, "name").schema.maxLength = 200), "non-breaking", "query `name`", /maxLength 100 → 200: the server accepts more/],
  ["raises a path parameter's minimum", (s) => (s.components.parameters.SampleId.schema.minimum = 10), "breaking", "path `sample_id`", /minimum 1 → 10/],
  ["drops an enum value of a query parameter", (s) => (listParam(s, "status").schema.enum = ["active"]), "breaking", "query `status`", /enum/],
  ["adds an enum value to a query parameter", (s) => listParam(s, "status").schema.enum.push("archived"), "non-breaking", "query `status`", /enum/],
  ["changes a query pattern", (s) => (listParam(s, "sha256").schema.pattern = "^[a-f0-9]{64}$"), "breaking", "query `sha256`", /pattern .*neither clearly wider nor narrower/],
  ["changes a documented default", (s) => (listParam(s, "limit").schema.default = 20), "breaking", "query `limit`", /default 50 → 20: callers that leave it out/],
  ["adds a required query parameter", (s) => s.paths["/samples"].get.parameters.push({ name: "project", in: "query", required: true, schema: { type: "string" } }), "breaking", "query `project`", /required parameter added/],
  ["adds an optional query parameter", (s) => s.paths["/samples"].get.parameters.push({ name: "project", in: "query", schema: { type: "string" } }), "non-breaking", "query `project`", /optional parameter added/],
  ["removes a query parameter", (s) => (s.paths["/samples"].get.parameters = s.paths["/samples"].get.parameters.filter((p: any) => p.name !== "tag")), "breaking", "query `tag`", /parameter removed/],
  ["renames the path parameter", (s) => {
    const item = s.paths["/samples/{sample_id}"];
    delete s.paths["/samples/{sample_id}"];
    s.components.parameters.SampleId.name = "id";
    s.paths["/samples/{id}"] = item;
  }, "breaking", "path `sample_id`", /parameter removed/],
  ["widens a response bound", (s) => (sample(s).properties.notes.maxLength = 2000), "breaking", "GET /samples/{sample_id} › 200 › body.notes", /maxLength 1000 → 2000: the server may now send values consumers reject/],
  ["narrows a response bound", (s) => (sample(s).properties.tags.maxItems = 20), "non-breaking", "body.tags", /maxItems 50 → 20: the server sends a subset/],
  ["changes a response property's type", (s) => (sample(s).properties.sample_id.type = "string"), "breaking", "body.sample_id", /type "integer" → "string"/],
  ["makes a nullable response field a string or null", (s) => (s.components.schemas.Pagination.properties.next_offset.type = ["string", "null"]), "breaking", "GET /samples › 200 › body.pagination.next_offset", /type \["integer","null"\] → \["string","null"\]: neither/],
  ["makes a nullable response field non-null", (s) => (sample(s).properties.notes.type = "string"), "non-breaking", "body.notes", /type .* → "string": the server sends a subset/],
  ["makes a required response field optional", (s) => (sample(s).required = ["sample_id"]), "breaking", "body.sha256", /no longer required/],
  ["makes Error.details optional", (s) => (s.components.schemas.Error.required = ["code", "message"]), "breaking", "GET /samples › 400 › body.details", /no longer required/],
  ["removes an optional response property", (s) => delete sample(s).properties.name, "breaking", "body.name", /property removed: the generated types no longer have it/],
  ["adds a response property", (s) => (sample(s).properties.created_at = { type: "string", format: "date-time", description: "When it was uploaded." }), "non-breaking", "body.created_at", /property added/],
  ["closes an open response object", (s) => (sample(s).properties.media_info.additionalProperties = false), "non-breaking", "body.media_info{*}", /the server sends a subset/],
  ["removes the 404 of getSample", (s) => delete s.paths["/samples/{sample_id}"].get.responses["404"], "non-breaking", "GET /samples/{sample_id} › 404", /response removed/],
  ["removes a success response", (s) => delete s.paths["/samples/{sample_id}"].get.responses["200"], "breaking", "GET /samples/{sample_id} › 200", /success response removed/],
  ["changes the Retry-After header's type", (s) => (s.components.headers["Retry-After"].schema = { type: "string" }), "breaking", "429 › header Retry-After", /type "integer" → "string"/],
  ["removes a rate-limit header", (s) => {
    delete s.components.responses.TooManyRequests.headers["X-RateLimit-Reset"];
  }, "breaking", "429 › header X-RateLimit-Reset", /header removed/],
  ["removes an operation", (s) => delete s.paths["/samples/{sample_id}"], "breaking", "GET /samples/{sample_id}", /operation removed/],
  ["adds an operation", (s) => (s.paths["/tags"] = { get: { operationId: "listTags", responses: { "200": { description: "Tags" } } } }), "non-breaking", "GET /tags", /operation added/],
  ["renames an operationId", (s) => (s.paths["/samples"].get.operationId = "searchSamples"), "breaking", "GET /samples", /operationId "listSamples" → "searchSamples"/],
  ["drops bearer auth from an operation", (s) => (s.paths["/samples"].get.security = []), "breaking", "GET /samples › security", /security/],
  ["moves the default server", (s) => (s.servers[0].url = "https://sampleplatform.ccextractor.org/api/v2"), "breaking", "servers", /default server/],
  ["adds a keyword the check does not model", (s) => (sample(s).properties.tags.contains = { const: "dvb" }), "breaking", "body.tags", /contains .* \(a keyword this check does not reason about\)/],
];

test.each(cases)("a maintainer who %s", (_what, edit, severity, where, message) => {
  const changes = changesAfter(edit);
  const match = changes.find((c) => c.where.includes(where) && message.test(c.message));
  expect({ match, changes }).toMatchObject({ match: { severity } });
  // Nothing else in the same edit is called breaking when the edit itself is not.
  if (severity === "non-breaking") expect(changes.filter((c) => c.severity === "breaking")).toEqual([]);
});

test("a change to a shared schema is reported for every operation and response that uses it", () => {
  const changes = changesAfter((s) => (s.components.schemas.Error.properties.code.maxLength = 200));
  expect(changes.map((c) => c.where).sort()).toEqual(
    ["GET /samples › 400", "GET /samples › 401", "GET /samples › 429", "GET /samples › default", "GET /samples/{sample_id} › 401", "GET /samples/{sample_id} › 404", "GET /samples/{sample_id} › 429", "GET /samples/{sample_id} › default"].map((w) => `${w} › body.code`).sort(),
  );
  expect(changes.every((c) => c.severity === "breaking")).toBe(true);
});

describe("npm run check:breaking", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sp-breaking-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const run = (args: string[], cwd = ROOT) => spawnSync(TSX, [CLI, ...args], { cwd, encoding: "utf8" });
  const writeSpec = async (file: string, edit: Edit = () => undefined) => {
    const copy = structuredClone(spec);
    edit(copy);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, stringify(copy));
  };

  test("against a base file: exit 1 listing each breaking change, exit 0 with --allow-breaking", async () => {
    await writeSpec(path.join(dir, "base.yaml"));
    await writeSpec(path.join(dir, "new.yaml"), (s) => {
      listParam(s, "name").schema.maxLength = 80;
      listParam(s, "tag").schema.maxLength = 60;
    });
    const args = ["--base", path.join(dir, "base.yaml"), "--spec", path.join(dir, "new.yaml")];
    const out = run(args);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain("2 change(s), 1 breaking");
    expect(out.stdout).toMatch(/BREAKING {2}GET \/samples › query `name`: maxLength 100 → 80/);
    expect(out.stdout).toMatch(/ok {6}\s*GET \/samples › query `tag`: maxLength 50 → 60/);
    expect(out.stderr).toContain("1 breaking change(s). Undo them, or");
    const allowed = run([...args, "--allow-breaking"]);
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain("1 breaking change(s) allowed by --allow-breaking");
  });

  test("against a git revision: the committed spec versus the edited work tree", async () => {
    const file = path.join(dir, "spec/openapi.yaml");
    await writeSpec(file);
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: dir, stdio: "pipe" });
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "spec");
    expect(run(["--spec", file]).stdout).toContain("no change to the contract between spec/openapi.yaml at HEAD and");
    await writeSpec(file, (s) => (s.components.schemas.Sample.properties.sample_id.type = "string"));
    const out = run(["--spec", file]);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain("spec/openapi.yaml at HEAD →");
    expect(out.stdout).toMatch(/BREAKING {2}GET \/samples\/\{sample_id\} › 200 › body\.sample_id: type "integer" → "string"/);
  });

  test("a base that does not exist is a usage error naming it, with no stack trace", () => {
    const out = run(["--base", "no-such-revision"]);
    expect(out.status).toBe(2);
    expect(out.stderr.trim()).toMatch(/^check:breaking: --base: git has no spec\/openapi.yaml at "no-such-revision" \(git: fatal: .*\)$/);
    const bad = run(["--base"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe("check:breaking: --base needs a value");
  });
});
