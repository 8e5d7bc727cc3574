// A JSON spec is read by JSON.parse (scripts/strict-json.ts) to the value the YAML parser gives, and whatever JSON.parse
// would read differently from the spec reader (a duplicated key) is left to the YAML parser, which refuses it as ever.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { parseSpec } from "../spec/model";
import { parseStrictJson } from "./strict-json";

const yamlOf = (text: string) => parseYaml(text, { strict: true, uniqueKeys: true }) as unknown;

it("reads a JSON spec to the value the YAML parser reads", () => {
  const spec = yamlOf(readFileSync(path.resolve(__dirname, "../spec/openapi.yaml"), "utf8"));
  for (const text of [JSON.stringify(spec), JSON.stringify(spec, null, 2), `\n  ${JSON.stringify(spec, null, "\t")}\n`]) {
    expect(parseStrictJson(text)).toEqual(spec);
    expect(parseSpec(text)).toEqual(yamlOf(text));
  }
  const escapes = '{"a\\"b": "\\u00e9\\n", "list": [{"k": 1}, {"k": 2}], "k": {"k": {"k": -0.5e3}}, "\\\\": true}';
  expect(parseStrictJson(escapes)).toEqual(yamlOf(escapes));
});

it.each([
  ['{"a": 1, "a": 2}', "a duplicated key"],
  ['{"a": {"b": 1, "c": {}, "b": 2}}', "a duplicated key, nested"],
  ['{"ab": 1, "a\\u0062": 2}', "a duplicated key, written with an escape"],
  ['{"x\\\\": 1, "x\\\\": 2}', "a duplicated key ending in a backslash"],
  ['{"__proto__": {}}', "a __proto__ key"],
  ["openapi: 3.1.0", "YAML"],
  ['{"a": 1,}', "not JSON"],
  ["[1, 2]", "not an object"],
])("leaves %j (%s) to the YAML parser", (text) => {
  expect(parseStrictJson(text)).toBeUndefined();
});

it("keeps equal keys of different objects, and equal strings that are values", () => {
  expect(parseStrictJson('{"a": {"a": "a"}, "b": ["a", "a", {"a": "b"}], "c": "\\"a\\": 1, \\"a\\": 2"}')).toEqual({
    a: { a: "a" },
    b: ["a", "a", { a: "b" }],
    c: '"a": 1, "a": 2',
  });
});

it("refuses a JSON spec with a duplicated key as the YAML parser does", () => {
  expect(() => parseSpec('{"openapi": "3.1.0", "openapi": "3.0.0"}')).toThrow(/Map keys must be unique/);
});
