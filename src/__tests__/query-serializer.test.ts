// Arrays in the query as the spec writes them: repeated by default, joined where a parameter says so.
import { querySerializerOf } from "../query-serializer";

describe("querySerializerOf", () => {
  const serialize = querySerializerOf([
    { name: "tag", required: false, type: "array" },
    { name: "ids", required: false, type: "array", joined: "form" },
    { name: "words", required: false, type: "array", joined: "spaceDelimited" },
    { name: "flags", required: false, type: "array", joined: "pipeDelimited" },
    { name: "limit", required: false, type: "integer" },
  ]);

  it("repeats an array by default, joins one written joined, by its style's delimiter", () => {
    expect(serialize({ tag: ["a", "b"], ids: [3, 12], words: ["x", "y"], flags: ["p", "q"], limit: 5 })).toBe("ids=3,12&words=x%20y&flags=p|q&tag=a&tag=b&limit=5");
  });

  it("is openapi-fetch's own where no parameter is joined", () => {
    expect(querySerializerOf([{ name: "tag", required: false, type: "array" }])({ tag: ["a", "b"] })).toBe("tag=a&tag=b");
  });
});
