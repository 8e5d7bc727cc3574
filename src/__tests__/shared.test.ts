// The rules written once in src/shared/ (#11 item 4), and proof that the client, the mock and the contract suite
// apply them alike: the same base URLs and tokens accepted, the same text redacted, the same wait read from a 429.
import { mockMatches, plausiblyMatches } from "../shared/filters";
import { loadConfig, UsageError } from "../../contract-tests/config";
import { after429 } from "../../contract-tests/http";
import { redact as suiteRedact } from "../../contract-tests/report/curl";
import { createSamplePlatformClient } from "../client";
import { ErrorFactory } from "../errors";
import { resolveMockOptions } from "../mock/options";
import { defaultClientOptions, resolveOptions } from "../options";
import { checkBaseUrl, isLoopbackHost, isTokenText } from "../shared/base-url";
import { textType } from "../shared/query-text";
import { decideWait, requestedWaitMs, spentWindowMs } from "../shared/rate-limit";
import { REDACTED, redactSecrets } from "../shared/redact";
import { NOW, WAIT_CASES } from "./rate-limit-cases";

describe("isLoopbackHost: RFC 6761 localhost and *.localhost, 127.0.0.0/8, ::1", () => {
  test.each([
    ["localhost", true],
    ["LOCALHOST", true],
    ["api.localhost", true],
    ["a.b.localhost", true],
    ["127.0.0.1", true],
    ["127.255.1.9", true],
    ["[::1]", true],
    ["::1", true],
    ["localhost.example.org", false],
    ["notlocalhost", false],
    ["127.example.org", false],
    ["128.0.0.1", false],
    ["[::2]", false],
    ["example.org", false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

/** Whether the client, the suite (SP_BASE_URL) and the mock take a base URL, each by its own entry point. */
function verdicts(baseUrl: string): { client: boolean; suite: boolean; shared: boolean } {
  let client = true;
  try {
    createSamplePlatformClient({ baseUrl, fetch: () => Promise.reject(new Error("no request expected")) });
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    client = false;
  }
  let suite = true;
  try {
    loadConfig({ SP_BASE_URL: baseUrl, SP_API_TOKEN: "token-1234" });
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    suite = false;
  }
  return { client, suite, shared: !("problem" in checkBaseUrl(baseUrl, "loopback_only")) };
}

describe("base URLs: the client and the suite accept the same ones", () => {
  test.each([
    ["https://sampleplatform.ccextractor.org/api/v1", true],
    ["http://localhost:8080/api/v1", true],
    ["http://api.localhost:8080/api/v1", true], // was refused by the client, accepted by the suite
    ["http://127.0.0.1:4010", true],
    ["http://[::1]:4010", true],
    ["http://staging.example/api/v1", false],
    ["http://localhost.example.org/api/v1", false],
    ["ftp://localhost/api", false],
    ["https://user:secret@example.org/api", false],
    ["https://example.org/api?x=1", false],
    ["https://example.org/api#top", false],
    ["not a url", false],
  ])("%s → %s", (baseUrl, accepted) => {
    expect(verdicts(baseUrl)).toEqual({ client: accepted, suite: accepted, shared: accepted });
  });

  test("both trim trailing slashes the same way", () => {
    const url = "http://api.localhost:8080/api/v1///";
    expect(resolveOptions({ baseUrl: url }).baseUrl).toBe("http://api.localhost:8080/api/v1");
    expect(loadConfig({ SP_BASE_URL: url, SP_API_TOKEN: "token-1234" }).baseUrl).toBe("http://api.localhost:8080/api/v1");
  });

  test("the client names *.localhost among the loopback hosts when it refuses plain http", () => {
    expect(() => createSamplePlatformClient({ baseUrl: "http://staging.example" })).toThrow(/loopback \(localhost, \*\.localhost, 127\.0\.0\.0\/8, \[::1\]\)/);
  });

  test.each([
    ["not a url", "must be an absolute http(s) URL"],
    ["https://example.org/api?x=1", "must not have a query or fragment"],
    ["https://user:secret@example.org/api", "must not contain credentials"],
  ])("%s: the client, the mock and the suite word the refusal alike, and never show credentials", (baseUrl, rule) => {
    const messages = [
      () => resolveOptions({ baseUrl }),
      () => resolveMockOptions({ baseUrl, count: 1 }),
      () => loadConfig({ SP_BASE_URL: baseUrl, SP_API_TOKEN: "token-1234" }),
    ].map((resolve) => {
      try {
        resolve();
        return "accepted";
      } catch (error) {
        return (error as Error).message;
      }
    });
    for (const message of messages) {
      expect(message).toContain(rule);
      expect(message).not.toContain("secret");
    }
  });

  test("the mock takes plain http to any host, but not credentials (the shared rule, insecure http allowed)", () => {
    expect(resolveMockOptions({ baseUrl: "http://staging.example/api/v1/", count: 1 }).baseUrl).toBe("http://staging.example/api/v1");
    expect(() => resolveMockOptions({ baseUrl: "http://user:pw@staging.example/api", count: 1 })).toThrow(/baseUrl.*must not contain credentials/);
  });
});

describe("tokens: one rule (visible ASCII) for the client, the mock and the suite", () => {
  test.each([
    ["sp-token_1.2~x/y+z=", true],
    ["with space", false],
    ["line\nbreak", false],
    ["tab\there", false],
    ["tökén", false], // accepted by the suite before, refused by the client
    ["del\u007f", false],
  ])("%j → %s", (token, accepted) => {
    expect(isTokenText(token)).toBe(accepted);
    const client = (() => {
      try {
        resolveOptions({ token, baseUrl: "http://localhost:1" });
        return true;
      } catch {
        return false;
      }
    })();
    const suite = (() => {
      try {
        loadConfig({ SP_BASE_URL: "http://localhost:1", SP_API_TOKEN: token });
        return true;
      } catch {
        return false;
      }
    })();
    const mock = (() => {
      try {
        resolveMockOptions({ token, count: 1 });
        return true;
      } catch {
        return false;
      }
    })();
    expect({ client, suite, mock }).toEqual({ client: accepted, suite: accepted, mock: accepted });
  });
});

describe("redaction: one rule for the client's errors and the suite's reports", () => {
  test("every non-empty secret, however short, becomes [REDACTED]; the suite left tokens under 4 characters", () => {
    expect(redactSecrets("token abc in abc", ["abc"])).toBe(`token ${REDACTED} in ${REDACTED}`);
    expect(suiteRedact("token abc in abc", "abc")).toBe(`token ${REDACTED} in ${REDACTED}`);
    expect(new ErrorFactory(["abc"]).redact("token abc in abc")).toBe(`token ${REDACTED} in ${REDACTED}`);
  });

  test("no secret, or an empty one, leaves the text alone", () => {
    expect(redactSecrets("text", [undefined, ""])).toBe("text");
    expect(suiteRedact("text", undefined)).toBe("text");
  });

  test("a longer secret is replaced whole even when a shorter one is part of it", () => {
    expect(redactSecrets("long-secret and secret", ["secret", "long-secret"])).toBe(`${REDACTED} and ${REDACTED}`);
  });
});

describe("the 429/503 wait rule", () => {
  test.each(WAIT_CASES)("decideWait agrees with requestedWaitMs: %s", (_name, status, entries, expected) => {
    const headers = new Headers(entries);
    const decision = decideWait(status, headers, 60_000, NOW);
    if (expected === undefined) expect(decision).toEqual({ kind: "backoff" });
    else expect(decision).toMatchObject({ kind: expected <= 60_000 ? "wait" : "too_long", ms: expected });
    // The suite's recorded headers (lower-case record) read the same as fetch's Headers.
    const record = Object.fromEntries([...headers.entries()]);
    expect(requestedWaitMs(status, record, NOW)).toBe(expected);
  });

  test("the suite's after429 follows the same decision", () => {
    expect(after429({ "retry-after": "3" }, 0, 120, NOW)).toEqual({ waitMs: 3_000, cause: "429 with Retry-After" });
    expect(after429({ "retry-after": "600" }, 0, 120, NOW)).toEqual({ stop: expect.stringContaining("600 s (Retry-After)") });
    expect(after429({}, 2, 120, NOW)).toEqual({ waitMs: 4_000, cause: "429 naming no wait: backing off" });
  });

  test("spentWindowMs: X-RateLimit-Remaining 0 waits until a future X-RateLimit-Reset, read as integers", () => {
    const reset = String(Math.floor(NOW / 1000) + 20);
    expect(spentWindowMs({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }, NOW)).toBe(Number(reset) * 1000 - NOW);
    expect(spentWindowMs(new Headers({ "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset }), NOW)).toBe(Number(reset) * 1000 - NOW);
    expect(spentWindowMs({ "x-ratelimit-remaining": "1", "x-ratelimit-reset": reset }, NOW)).toBeUndefined();
    expect(spentWindowMs({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1e12" }, NOW)).toBeUndefined();
    expect(spentWindowMs({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(NOW / 1000) - 5) }, NOW)).toBeUndefined();
  });
});

test("defaults are data, and the resolved options start from them", () => {
  const resolved = resolveOptions({ baseUrl: defaultClientOptions.baseUrl });
  expect(resolved).toMatchObject({
    baseUrl: defaultClientOptions.baseUrl,
    timeoutMs: defaultClientOptions.timeoutMs,
    retries: defaultClientOptions.retries,
    maxRetryDelayMs: defaultClientOptions.maxRetryDelayMs,
    validateResponses: defaultClientOptions.validateResponses,
  });
});

describe("filters: the mock's reading and the loosest one, from the table's filter rows", () => {
  const name = { property: "name", match: "value", freeText: true } as const;
  const digest = { property: "sha256", match: "value", freeText: false } as const;
  const tag = { property: "tags", match: "element", freeText: true } as const;
  const item = { name: "BBC One HD Capture", sha256: "AB12", tags: ["dvb", "Teletext"] };

  test("the mock: free text as a part, anything else or an element as a whole value, any case", () => {
    expect([mockMatches(item, name, "one hd"), mockMatches(item, name, "ITV")]).toEqual([true, false]);
    expect([mockMatches(item, digest, "ab12"), mockMatches(item, digest, "ab1")]).toEqual([true, false]);
    expect([mockMatches(item, tag, "teletext"), mockMatches(item, tag, "tele")]).toEqual([true, false]);
  });

  test("the loosest reading also takes a part of an id, outer spaces and compatibility forms", () => {
    expect(plausiblyMatches(item, digest, "b1")).toBe(true);
    expect(plausiblyMatches(item, tag, " tele ")).toBe(true);
    expect(plausiblyMatches(item, name, "ＢＢＣ")).toBe(true); // fullwidth letters, NFKC
    expect(plausiblyMatches(item, name, "ITV")).toBe(false);
    expect(plausiblyMatches({}, name, "x")).toBe(false);
  });
});

describe("textType: the type a parameter's query text is read as, for the table, the mock and the suite", () => {
  it.each<[unknown, string | null]>([
    ["integer", "integer"],
    [["null", "integer"], "integer"],
    [["string", "integer"], "string"],
    ["null", null],
    [undefined, null],
    [42, null],
  ])("%j is read as %j", (schemaType, type) => {
    expect(textType(schemaType)).toBe(type);
  });
});
