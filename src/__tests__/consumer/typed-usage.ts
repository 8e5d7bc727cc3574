// Type-checked (not run) as a consumer of the packed package: under nodenext as ESM (.mts) and CJS (.cts), and
// under bundler resolution. Every @ts-expect-error line must be a compile error, or tsc fails the test.
import {
  createSamplePlatformClient,
  SamplePlatformError,
  type components,
  type ErrorBody,
  type ListSamplesQuery,
  type operations,
  type Pagination,
  type paths,
  type Sample,
  type SampleList,
  type SamplePlatformClient,
  type SamplePlatformClientOptions,
} from "@ccextractor/sample-platform-client";

const options: SamplePlatformClientOptions = {
  baseUrl: "http://127.0.0.1:8080/api/v1",
  token: "token",
  timeoutMs: 1000,
  retries: 1,
  maxRetryDelayMs: 10,
  validateResponses: true,
  fetch: (request) => fetch(request),
  headers: { "X-Trace": "1" },
  userAgent: "consumer/1.0",
  allowInsecureHttp: false,
};
const sp: SamplePlatformClient = createSamplePlatformClient(options);

export async function useEverything(signal: AbortSignal): Promise<number> {
  const sample: Sample = await sp.getSample(42, { signal });
  const page: SampleList = await sp.listSamples({ tag: "dvb", limit: 100 }, { signal });
  const pagination: Pagination = page.pagination;
  const next: number | null | undefined = pagination.next_offset;
  const query: ListSamplesQuery = { extension: "ts", status: "active" };
  let digests = "";
  for await (const each of sp.iterateSamples(query, { signal })) digests += each.sha256;
  const { data } = await sp.raw.GET("/samples/{sample_id}", { params: { path: { sample_id: 42 } } });
  const fromRaw: components["schemas"]["Sample"] | undefined = data;
  const listOperation: paths["/samples"]["get"] = {} as operations["listSamples"];
  const body: ErrorBody = { code: "not_found", message: "gone", details: {} };
  const remaining: number | undefined = sp.rateLimit?.remaining;
  try {
    await sp.getSample(1);
  } catch (error) {
    if (error instanceof SamplePlatformError) {
      const code: string = error.code;
      const status: number | undefined = error.status;
      const retryAfter: number | undefined = error.retryAfter;
      const details: Record<string, unknown> = error.details;
      void [code, status, retryAfter, details];
    }
  }
  void [next, digests, fromRaw, listOperation, body, remaining];

  // @ts-expect-error wrong path
  await sp.raw.GET("/sample/{sample_id}", { params: { path: { sample_id: 42 } } });
  // @ts-expect-error sample_id as string
  await sp.getSample("42");
  // @ts-expect-error sample_id as string, through raw
  await sp.raw.GET("/samples/{sample_id}", { params: { path: { sample_id: "42" } } });
  // @ts-expect-error unknown query key
  await sp.listSamples({ tags: "dvb" });
  // @ts-expect-error limit as string
  await sp.listSamples({ limit: "100" });
  // @ts-expect-error unknown query key, through raw
  await sp.raw.GET("/samples", { params: { query: { tags: "dvb" } } });
  // @ts-expect-error unknown option
  createSamplePlatformClient({ timeout: 1000 });
  // @ts-expect-error the error body needs details
  const incomplete: ErrorBody = { code: "x", message: "y" };
  void incomplete;
  return sample.sample_id;
}
