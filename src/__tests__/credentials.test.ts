// Which credential an operation sends, for every kind of security scheme the spec can name, and that none is ever shown.
import { credentialsFor, secretsOf } from "../credentials";
import type { SecuritySchemeRow } from "../shared/operation-row";

const schemes: Record<string, SecuritySchemeRow> = {
  bearer: { type: "http", scheme: "bearer" },
  basic: { type: "http", scheme: "basic" },
  headerKey: { type: "apiKey", in: "header", name: "X-Api-Key" },
  queryKey: { type: "apiKey", in: "query", name: "api_key" },
  cookieKey: { type: "apiKey", in: "cookie", name: "session" },
  oauth: { type: "oauth2" },
  tls: { type: "mutualTLS" },
};

describe("credentialsFor", () => {
  it.each([
    ["bearer", { headers: { authorization: "Bearer t0k" }, query: {}, custom: false }],
    ["oauth", { headers: { authorization: "Bearer t0k" }, query: {}, custom: false }],
    ["headerKey", { headers: { "x-api-key": "t0k" }, query: {}, custom: true }],
    ["queryKey", { headers: {}, query: { api_key: "t0k" }, custom: true }],
    ["cookieKey", { headers: { cookie: "session=t0k" }, query: {}, custom: true }],
  ])("sends the token the way %s says", (scheme, expected) => {
    expect(credentialsFor([{ [scheme]: [] }], schemes, {}, "t0k")).toEqual(expected);
  });

  it("sends HTTP Basic's user:password encoded, and a scheme's own credential before the token", () => {
    expect(credentialsFor([{ basic: [] }], schemes, { basic: "ann:s3cret" }, "t0k").headers).toEqual({ authorization: `Basic ${Buffer.from("ann:s3cret").toString("base64")}` });
  });

  it("sends none for security: [] and for an operation whose alternatives it cannot meet; takes the first it can meet", () => {
    expect(credentialsFor([], schemes, {}, "t0k")).toEqual({ headers: {}, query: {}, custom: false });
    expect(credentialsFor([{ tls: [] }], schemes, {}, "t0k")).toEqual({ headers: {}, query: {}, custom: false });
    expect(credentialsFor([{ headerKey: [] }], schemes, {}, undefined)).toEqual({ headers: {}, query: {}, custom: false });
    expect(credentialsFor([{ tls: [] }, { bearer: ["read"] }], schemes, {}, "t0k").headers).toEqual({ authorization: "Bearer t0k" });
    expect(credentialsFor([{}, { bearer: [] }], schemes, {}, "t0k").headers).toEqual({ authorization: "Bearer t0k" });
    // Two schemes together (AND): both are sent.
    expect(credentialsFor([{ bearer: [], queryKey: [] }], schemes, { queryKey: "k3y" }, "t0k")).toEqual({ headers: { authorization: "Bearer t0k" }, query: { api_key: "k3y" }, custom: true });
  });

  it("names every text a credential goes out as, the encoded forms too, for redaction", () => {
    expect(secretsOf({ basic: "ann:s3cret" }, "t0k")).toEqual(["ann:s3cret", "t0k", Buffer.from("ann:s3cret").toString("base64"), Buffer.from("t0k").toString("base64")]);
  });
});

describe("the credentials option", () => {
  // Imported here: the client reads the repo's own generated table (one bearer scheme).
  const { createSamplePlatformClient } = jest.requireActual<typeof import("../client")>("../client");
  const schemeName = Object.keys(jest.requireActual<typeof import("../../generated/client-operations")>("../../generated/client-operations").securitySchemes)[0];

  it("names an unknown scheme and a bad credential, never echoing the credential", () => {
    const known = `(known: ${schemeName})`;
    expect(() => createSamplePlatformClient({ baseUrl: "http://127.0.0.1:1", credentials: { nope: "s3cret" } })).toThrow(
      `sample-platform-client: option \`credentials.nope\` is not a security scheme of the spec ${known}`,
    );
    expect(() => createSamplePlatformClient({ baseUrl: "http://127.0.0.1:1", credentials: { [schemeName]: "s3cret\n" } })).toThrow(
      `sample-platform-client: option \`credentials.${schemeName}\` must be printable ASCII without line breaks`,
    );
    expect(() => createSamplePlatformClient({ baseUrl: "http://127.0.0.1:1", credentials: [] as unknown as Record<string, string> })).toThrow(
      "sample-platform-client: option `credentials` must be an object of security scheme names to credentials",
    );
  });
});

describe("HTTP Basic's encoding", () => {
  it.each(["a", "ab", "abc", "ann:s3cret", "user:p@ss w0rd~"])("%s is Base64 as Node encodes it", (text) => {
    expect(credentialsFor([{ basic: [] }], schemes, { basic: text }, undefined).headers.authorization).toBe(`Basic ${Buffer.from(text).toString("base64")}`);
  });
});
