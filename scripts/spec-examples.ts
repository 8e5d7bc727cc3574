// Finds every example in the spec and validates it against the schema it illustrates, so that the spec never
// ships an example its own schemas reject (the published docs did: `"sha256": "string"`).
import type { ErrorObject } from "ajv";
import { pointerOf } from "../src/shared/json-pointer";
import { buildJsonSchemaDocument, createAjv, resolveLocal, rewriteSchemaRefs } from "../spec/model";

type JsonObject = Record<string, any>;

interface ExampleProblem {
  /** JSON pointer of the example in the spec */
  where: string;
  errors: string[];
}

export interface ExampleCheckResult {
  checked: number;
  /** JSON pointers of responses with a body but no example */
  responsesWithoutExamples: string[];
  /** JSON pointers of components/schemas with no example on the schema nor on any of its properties */
  schemasWithoutExamples: string[];
  problems: ExampleProblem[];
}

const pointer = (parts: (string | number)[]) => `#${pointerOf(parts)}`;

const formatErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? e.keyword}`);


export function checkSpecExamples(spec: JsonObject): ExampleCheckResult {
  const ajv = createAjv();
  const document = buildJsonSchemaDocument(spec);
  ajv.addSchema(document);
  const problems: ExampleProblem[] = [];
  const responsesWithoutExamples: string[] = [];
  const schemasWithoutExamples: string[] = [];
  let checked = 0;

  const check = (schema: JsonObject, value: unknown, where: (string | number)[]) => {
    checked++;
    const validate = ajv.compile(rewriteSchemaRefs(schema) as JsonObject);
    if (!validate(value)) problems.push({ where: pointer(where), errors: formatErrors(validate.errors) });
  };

  // Examples of components/schemas: on the schema itself, or on its properties (where Prism does not mistake them
  // for the answer to every response that uses the schema).
  for (const [name, schema] of Object.entries<JsonObject>(spec.components?.schemas ?? {})) {
    let found = 0;
    (schema.examples ?? []).forEach((value: unknown, i: number) => {
      found++;
      check({ $ref: `#/components/schemas/${name}` }, value, ["components", "schemas", name, "examples", i]);
    });
    for (const [property, propertySchema] of Object.entries<JsonObject>(schema.properties ?? {})) {
      (propertySchema.examples ?? []).forEach((value: unknown, i: number) => {
        found++;
        const at = ["components", "schemas", name, "properties", property];
        check({ $ref: pointer(at) }, value, [...at, "examples", i]);
      });
    }
    if (found === 0) schemasWithoutExamples.push(pointer(["components", "schemas", name]));
  }

  const checkMedia = (content: JsonObject | undefined, at: (string | number)[]) => {
    for (const [mediaType, media] of Object.entries<JsonObject>(content ?? {})) {
      if (!media.schema) continue;
      if (!("example" in media) && Object.keys(media.examples ?? {}).length === 0) {
        responsesWithoutExamples.push(pointer([...at, "content", mediaType]));
      }
      if ("example" in media) check(media.schema, media.example, [...at, "content", mediaType, "example"]);
      for (const [name, example] of Object.entries<JsonObject>(media.examples ?? {})) {
        const resolved = resolveLocal(spec, example);
        check(media.schema, resolved.value, [...at, "content", mediaType, "examples", name, "value"]);
      }
    }
  };
  const checkParameterOrHeader = (node: JsonObject, at: (string | number)[]) => {
    if (!node.schema) return;
    if ("example" in node) check(node.schema, node.example, [...at, "example"]);
    for (const [name, example] of Object.entries<JsonObject>(node.examples ?? {})) {
      check(node.schema, resolveLocal(spec, example).value, [...at, "examples", name, "value"]);
    }
  };

  for (const [name, response] of Object.entries<JsonObject>(spec.components?.responses ?? {})) {
    checkMedia(response.content, ["components", "responses", name]);
    for (const [headerName, header] of Object.entries<JsonObject>(response.headers ?? {})) {
      if (!header.$ref) checkParameterOrHeader(header, ["components", "responses", name, "headers", headerName]);
    }
  }
  for (const [name, header] of Object.entries<JsonObject>(spec.components?.headers ?? {})) {
    checkParameterOrHeader(header, ["components", "headers", name]);
  }
  for (const [name, parameter] of Object.entries<JsonObject>(spec.components?.parameters ?? {})) {
    checkParameterOrHeader(parameter, ["components", "parameters", name]);
  }
  for (const [path, item] of Object.entries<JsonObject>(spec.paths ?? {})) {
    for (const [method, op] of Object.entries<JsonObject>(item)) {
      if (typeof op !== "object" || !op.responses) continue;
      (op.parameters ?? []).forEach((p: JsonObject, i: number) => {
        if (!p.$ref) checkParameterOrHeader(p, ["paths", path, method, "parameters", i]);
      });
      for (const [status, response] of Object.entries<JsonObject>(op.responses)) {
        if (response.$ref) continue; // checked once, under components/responses
        checkMedia(response.content, ["paths", path, method, "responses", status]);
        for (const [name, header] of Object.entries<JsonObject>(response.headers ?? {})) {
          if (!header.$ref) checkParameterOrHeader(header, ["paths", path, method, "responses", status, "headers", name]);
        }
      }
    }
  }
  return { checked, responsesWithoutExamples, schemasWithoutExamples, problems };
}
