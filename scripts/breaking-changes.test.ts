// Each change a spec maintainer might make, classified as it affects the generated client's users and the contract
// suite: proven on edited copies of the real spec.
import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { compareSpecs, type Change } from "./breaking-changes";
import { main } from "./check-breaking";
import { readSpec, type JsonObject } from "../spec/model";

const ROOT = path.resolve(__dirname, "..");
const SPEC = path.join(ROOT, "spec/openapi.yaml");

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

/** Both versions edited: for a base the real spec is not (a `number` bound, two security alternatives). */
function changesBetween(editBase: Edit, edit: Edit): Change[] {
  const [before, after] = [structuredClone(spec), structuredClone(spec)];
  editBase(before);
  editBase(after);
  edit(after);
  return compareSpecs(before, after);
}

const listResponses = (s: any) => s.paths["/samples"].get.responses;
const errorResponse = (schema: object) => ({ description: "Validation failed", content: { "application/json": { schema } } });
/** A 422 body of another shape than Error's: `{ errors: [...] }`. */
const fieldErrors = { type: "object", required: ["errors"], properties: { errors: { type: "array", items: { type: "string" } } } };
const apiKey = (s: any) => (s.components.securitySchemes.apiKey = { type: "apiKey", in: "header", name: "X-API-Key" });
const listSecurity = (s: any, security: object[]) => {
  apiKey(s);
  s.paths["/samples"].get.security = security;
};

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
  ["removes the 404 of getSample", (s) => delete s.paths["/samples/{sample_id}"].get.responses["404"], "non-breaking", "GET /samples/{sample_id} › 404", /response removed: a 404 now falls under `default`, which documents the same body and headers/],
  ["removes the 429 of listSamples while `default` stays", (s) => delete listResponses(s)["429"], "breaking", "GET /samples › 429 → default › header Retry-After", /^header removed: consumers that read it get nothing$/],
  ["removes the 429 and `default` of listSamples", (s) => {
    delete listResponses(s)["429"];
    delete listResponses(s).default;
  }, "non-breaking", "GET /samples › 429", /^response removed: no response of the new version covers a 429$/],
  ["moves the 429 of listSamples under a 4XX range that documents the same", (s) => {
    listResponses(s)["4XX"] = listResponses(s)["429"];
    delete listResponses(s)["429"];
  }, "non-breaking", "GET /samples › 429", /response removed: a 429 now falls under `4XX`, which documents the same body and headers/],
  ["adds a 422 whose body is not the Error schema", (s) => (listResponses(s)["422"] = errorResponse(fieldErrors)), "breaking", "GET /samples › default → 422 › body.code", /no longer required: the server may now send values consumers reject/],
  ["adds a 422 that documents what `default` did", (s) => (listResponses(s)["422"] = { $ref: "#/components/responses/BadRequest" }), "non-breaking", "GET /samples › 422", /^response added: a 422 fell under `default` before, which documented the same body and headers$/],
  ["adds a 422 with a header `default` lacked", (s) => (listResponses(s)["422"] = { ...errorResponse({ $ref: "#/components/schemas/Error" }), headers: { "X-Request-Id": { schema: { type: "string" } } } }), "non-breaking", "GET /samples › default → 422 › header X-Request-Id", /^header added$/],
  ["adds a 201 success response", (s) => (listResponses(s)["201"] = listResponses(s)["200"]), "breaking", "GET /samples › 201", /^success response added: the client takes 200 alone as success and answers any other 2xx with unexpected_response/],
  ["adds a 204 success response with no body", (s) => (listResponses(s)["204"] = { description: "Nothing" }), "breaking", "GET /samples › 204", /^success response added/],
  ["removes a success response", (s) => delete s.paths["/samples/{sample_id}"].get.responses["200"], "breaking", "GET /samples/{sample_id} › 200", /success response removed/],
  ["changes the Retry-After header's type", (s) => (s.components.headers["Retry-After"].schema = { type: "string" }), "breaking", "429 › header Retry-After", /type "integer" → "string"/],
  ["removes a rate-limit header", (s) => {
    delete s.components.responses.TooManyRequests.headers["X-RateLimit-Reset"];
  }, "breaking", "429 › header X-RateLimit-Reset", /header removed/],
  ["removes an operation", (s) => delete s.paths["/samples/{sample_id}"], "breaking", "GET /samples/{sample_id}", /operation removed/],
  ["adds an operation", (s) => (s.paths["/tags"] = { get: { operationId: "listTags", responses: { "200": { description: "Tags" } } } }), "non-breaking", "GET /tags", /operation added/],
  ["renames an operationId", (s) => (s.paths["/samples"].get.operationId = "searchSamples"), "breaking", "GET /samples", /operationId "listSamples" → "searchSamples"/],
  ["drops bearer auth from an operation", (s) => (s.paths["/samples"].get.security = []), "breaking", "GET /samples › security", /^security now accepts calls with no credentials \(\[\{"bearerAuth":\[\]\}\] → \[\]\)/],
  ["adds an alternative that needs no credentials", (s) => s.paths["/samples"].get.security.push({}), "breaking", "GET /samples › security", /^security now accepts calls with no credentials/],
  ["adds an alternative security requirement (OR)", (s) => listSecurity(s, [{ bearerAuth: [] }, { apiKey: [] }]), "non-breaking", "GET /samples › security", /^security alternative \{"apiKey":\[\]\} added: the others still work$/],
  ["adds a scheme inside the only security requirement (AND)", (s) => listSecurity(s, [{ bearerAuth: [], apiKey: [] }]), "breaking", "GET /samples › security", /^security alternative \{"bearerAuth":\[\]\} → \{"apiKey":\[\],"bearerAuth":\[\]\}: callers that authenticate with \{"bearerAuth":\[\]\} alone are refused$/],
  ["replaces bearer auth with another scheme", (s) => listSecurity(s, [{ apiKey: [] }]), "breaking", "GET /samples › security", /^security alternative \{"bearerAuth":\[\]\} removed: callers that authenticate that way are refused$/],
  ["makes a path parameter's minimum exclusive", (s) => {
    const schema = s.components.parameters.SampleId.schema;
    delete schema.minimum;
    schema.exclusiveMinimum = 1;
  }, "breaking", "GET /samples/{sample_id} › path `sample_id`", /^minimum 1 → exclusiveMinimum 1 \(≥ 1 → ≥ 2\): the server now rejects requests it accepted$/],
  ["turns limit's maximum 100 into exclusiveMaximum 100", (s) => {
    const schema = listParam(s, "limit").schema;
    delete schema.maximum;
    schema.exclusiveMaximum = 100;
  }, "breaking", "query `limit`", /^maximum 100 → exclusiveMaximum 100 \(≤ 100 → ≤ 99\): the server now rejects/],
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

test("a change to a shared schema is reported for every operation and response that uses it, pointing at the schema", () => {
  const changes = changesAfter((s) => (s.components.schemas.Error.properties.code.maxLength = 200));
  expect(changes.map((c) => c.where).sort()).toEqual(
    ["GET /samples › 400", "GET /samples › 401", "GET /samples › 429", "GET /samples › default", "GET /samples/{sample_id} › 401", "GET /samples/{sample_id} › 404", "GET /samples/{sample_id} › 429", "GET /samples/{sample_id} › default"].map((w) => `${w} › body.code`).sort(),
  );
  const pointer = "/components/schemas/Error/properties/code";
  for (const change of changes) {
    expect(change).toMatchObject({ severity: "breaking", rule: "schema-bound", operation: change.where.split(" › ")[0], pointer: { base: pointer, spec: pointer } });
  }
});

describe("a status one version lists and the other does not is compared with what covers it there", () => {
  test("removing the 429 while `default` stays: a 429 loses the headers it documented", () => {
    const changes = changesAfter((s) => delete listResponses(s)["429"]);
    expect(changes).toEqual([
      {
        severity: "breaking",
        rule: "response-removed",
        operation: "GET /samples",
        where: "GET /samples › 429",
        pointer: { base: "/components/responses/TooManyRequests", spec: "/components/responses/UnexpectedError" },
        message: "response removed: a 429 now falls under `default`, which documents it differently (listed under `429 → default`)",
      },
      ...["Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"].map((name) => ({
        severity: "breaking",
        rule: "header-removed",
        operation: "GET /samples",
        where: `GET /samples › 429 → default › header ${name}`,
        pointer: { base: `/components/headers/${name}`, spec: undefined },
        message: "header removed: consumers that read it get nothing",
      })),
    ]);
  });

  test("adding a 422 whose body is not Error: what a 422 carries changes from `default`'s Error", () => {
    const changes = changesAfter((s) => (listResponses(s)["422"] = errorResponse(fieldErrors)));
    expect(changes.find((c) => c.where === "GET /samples › 422")).toEqual({
      severity: "breaking",
      rule: "response-added",
      operation: "GET /samples",
      where: "GET /samples › 422",
      pointer: { base: "/components/responses/UnexpectedError", spec: "/paths/~1samples/get/responses/422" },
      message: "response added: a 422 fell under `default` before, which documented it differently (listed under `default → 422`)",
    });
    expect(changes.filter((c) => c.severity === "breaking").map((c) => `${c.where}: ${c.message.split(":")[0]}`)).toEqual([
      "GET /samples › 422: response added",
      "GET /samples › default → 422 › body.code: no longer required",
      "GET /samples › default → 422 › body.message: no longer required",
      "GET /samples › default → 422 › body.details: no longer required",
      "GET /samples › default → 422 › body.code: property removed",
      "GET /samples › default → 422 › body.message: property removed",
      "GET /samples › default → 422 › body.details: property removed",
    ]);
  });

  test("a status only one version lists, with nothing covering it in the other, is compared with nothing", () => {
    const removeDefault: Edit = (s) => delete listResponses(s).default;
    expect(changesBetween(removeDefault, (s) => (listResponses(s)["422"] = errorResponse(fieldErrors)))).toEqual([
      expect.objectContaining({ severity: "non-breaking", rule: "response-added", where: "GET /samples › 422", message: "response added: no response of the old version covered a 422" }),
    ]);
  });
});

describe("integer bounds are compared as the integers they allow", () => {
  test("a bound rewritten with the exclusive keyword, or a fraction, that allows the same integers is no change", () => {
    expect(
      changesAfter((s) => {
        const id = s.components.parameters.SampleId.schema; // request side
        delete id.minimum;
        id.exclusiveMinimum = 0;
        const limit = listParam(s, "limit").schema;
        delete limit.maximum;
        limit.exclusiveMaximum = 101;
        limit.minimum = 0.5;
        const next = s.components.schemas.Pagination.properties.next_offset; // response side, integer or null
        delete next.minimum;
        next.exclusiveMinimum = -1;
        sample(s).properties.sample_id.exclusiveMinimum = -5; // looser than its minimum 1, which still decides
      }),
    ).toEqual([]);
  });

  test("on a number, minimum 1 → exclusiveMinimum 0 is wider: accepted in a request, breaking in a response", () => {
    const toNumber: Edit = (s) => {
      listParam(s, "limit").schema.type = "number";
      s.components.schemas.Pagination.properties.limit.type = "number";
    };
    const exclusive = (schema: any) => {
      delete schema.minimum;
      schema.exclusiveMinimum = 0;
    };
    const changes = changesBetween(toNumber, (s) => {
      exclusive(listParam(s, "limit").schema);
      exclusive(s.components.schemas.Pagination.properties.limit);
    });
    expect(changes.map((c) => [c.severity, c.where, c.message])).toEqual([
      ["breaking", "GET /samples › 200 › body.pagination.limit", "minimum 1 → exclusiveMinimum 0: the server may now send values consumers reject"],
      ["non-breaking", "GET /samples › query `limit`", "minimum 1 → exclusiveMinimum 0: the server accepts more than before"],
    ]);
  });
});

describe("security is compared as alternatives (OR) of requirements (AND)", () => {
  const both: Edit = (s) => listSecurity(s, [{ bearerAuth: [] }, { apiKey: [] }]);

  test("removing one of two alternatives is breaking", () => {
    expect(changesBetween(both, (s) => (s.paths["/samples"].get.security = [{ apiKey: [] }]))).toEqual([
      expect.objectContaining({ severity: "breaking", rule: "security-alternative-removed", message: 'security alternative {"bearerAuth":[]} removed: callers that authenticate that way are refused' }),
    ]);
  });

  test("the document's `security` counts for an operation without its own, and a change points at it", () => {
    const inherited: Edit = (s) => {
      s.security = [{ bearerAuth: [] }];
      delete s.paths["/samples"].get.security;
    };
    expect(changesBetween(inherited, (s) => (s.security = [{ apiKey: [] }]))).toContainEqual(
      expect.objectContaining({ severity: "breaking", where: "GET /samples › security", pointer: { base: "/security", spec: "/security" } }),
    );
  });

  test("reordering the alternatives, or moving them to the document's `security`, is no change", () => {
    expect(changesBetween(both, (s) => s.paths["/samples"].get.security.reverse())).toEqual([]);
    expect(
      changesAfter((s) => {
        s.security = [{ bearerAuth: [] }];
        delete s.paths["/samples"].get.security;
      }),
    ).toEqual([]);
  });

  test("an alternative that needs fewer scopes keeps its callers working; one that needs more does not", () => {
    const scoped = (scopes: string[]) => (s: any) => {
      s.components.securitySchemes.oauth = { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://example.org/token", scopes: { read: "", write: "" } } } };
      s.paths["/samples"].get.security = [{ oauth: scopes }];
    };
    expect(changesBetween(scoped(["read", "write"]), scoped(["read"]))).toEqual([
      expect.objectContaining({ severity: "non-breaking", rule: "security-requirement-relaxed", message: 'security alternative {"oauth":["read","write"]} → {"oauth":["read"]}: callers that met it still do' }),
    ]);
    expect(changesBetween(scoped(["read"]), scoped(["read", "write"]))).toEqual([
      expect.objectContaining({ severity: "breaking", rule: "security-requirement-added" }),
    ]);
  });
});

describe("npm run check:breaking", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sp-breaking-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  // The command's main() in-process (check-breaking.ts runs itself only as a command); help.test.ts spawns one.
  const run = async (args: string[]) => {
    let stdout = "";
    let stderr = "";
    const status = await main(args, { out: (line) => (stdout += `${line}\n`), err: (line) => (stderr += `${line}\n`) });
    return { status, stdout, stderr };
  };
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
    const out = await run(args);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain("2 change(s), 1 breaking");
    expect(out.stdout).toMatch(/BREAKING {2}GET \/samples › query `name`: maxLength 100 → 80/);
    expect(out.stdout).toMatch(/ok {6}\s*GET \/samples › query `tag`: maxLength 50 → 60/);
    expect(out.stderr).toContain("1 breaking change(s). Undo them, or");
    const allowed = await run([...args, "--allow-breaking"]);
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain("1 breaking change(s) allowed by --allow-breaking");
  });

  test("--json: the changes as one JSON document on stdout, with the same exit codes", async () => {
    await writeSpec(path.join(dir, "base.yaml"));
    await writeSpec(path.join(dir, "new.yaml"), (s) => {
      listParam(s, "name").schema.maxLength = 80;
      s.paths["/samples"].get.responses["422"] = { $ref: "#/components/responses/BadRequest" };
    });
    const args = ["--base", path.join(dir, "base.yaml"), "--spec", path.join(dir, "new.yaml"), "--json"];
    const out = await run(args);
    expect(out.status).toBe(1);
    expect(out.stderr.trim()).toBe('check:breaking: 1 breaking change(s); see "changes" on stdout');
    expect(JSON.parse(out.stdout)).toEqual({
      format: "check-breaking/1",
      base: path.join(dir, "base.yaml"),
      spec: path.relative(ROOT, path.join(dir, "new.yaml")),
      summary: { changes: 2, breaking: 1, allowBreaking: false },
      changes: [
        {
          breaking: true,
          severity: "breaking",
          rule: "schema-bound",
          operation: "GET /samples",
          where: "GET /samples › query `name`",
          pointer: { base: "/paths/~1samples/get/parameters/3/schema", spec: "/paths/~1samples/get/parameters/3/schema" },
          message: "maxLength 100 → 80: the server now rejects requests it accepted",
        },
        {
          breaking: false,
          severity: "non-breaking",
          rule: "response-added",
          operation: "GET /samples",
          where: "GET /samples › 422",
          pointer: { base: "/components/responses/UnexpectedError", spec: "/components/responses/BadRequest" },
          message: "response added: a 422 fell under `default` before, which documented the same body and headers",
        },
      ],
    });
    const allowed = await run([...args, "--allow-breaking"]);
    expect({ status: allowed.status, stderr: allowed.stderr, summary: JSON.parse(allowed.stdout).summary }).toEqual({
      status: 0,
      stderr: "",
      summary: { changes: 2, breaking: 1, allowBreaking: true },
    });
  });

  test("against a git revision: the committed spec versus the edited work tree", async () => {
    const file = path.join(dir, "spec/openapi.yaml");
    await writeSpec(file);
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: dir, stdio: "pipe" });
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "spec");
    expect((await run(["--spec", file])).stdout).toContain("no change to the contract between spec/openapi.yaml at HEAD and");
    await writeSpec(file, (s) => (s.components.schemas.Sample.properties.sample_id.type = "string"));
    const out = await run(["--spec", file]);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain("spec/openapi.yaml at HEAD →");
    expect(out.stdout).toMatch(/BREAKING {2}GET \/samples\/\{sample_id\} › 200 › body\.sample_id: type "integer" → "string"/);
  });

  test("a base that does not exist is a usage error naming it, with no stack trace", async () => {
    const out = await run(["--base", "no-such-revision"]);
    expect(out.status).toBe(2);
    expect(out.stderr.trim()).toMatch(/^check:breaking: --base: git has no spec\/openapi.yaml at "no-such-revision" \(git: fatal: .*\)$/);
    const bad = await run(["--base"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe("check:breaking: --base needs a value");
  });
});
