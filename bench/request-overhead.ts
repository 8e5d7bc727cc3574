// Request overhead: sequential getSample calls against a loopback server, raw fetch as the baseline.
import ky from "ky";
import createClient from "openapi-fetch";
import type { paths } from "../generated/schema";
import { createSamplePlatformClient } from "../src/index";
import { startLoopbackServer } from "./loopback-server";
import { interleave, median } from "./stats";
import { withRatio, type Row } from "./report";

const SECTION = "request overhead";
const TOKEN = "bench-token";

/** The same comparison where the server takes a few milliseconds, as any real one does. */
async function withLatency(options: { quick: boolean }): Promise<Row[]> {
  const latencyMs = 5;
  const calls = options.quick ? 50 : 300;
  const server = await startLoopbackServer({ total: 10_000, latencyMs });
  try {
    const headers = { authorization: `Bearer ${TOKEN}` };
    const ours = createSamplePlatformClient({ baseUrl: server.baseUrl, token: TOKEN });
    const times = await interleave(options.quick ? 1 : 5, {
      "raw fetch": async () => {
        for (let i = 0; i < calls; i++) await (await fetch(`${server.baseUrl}/samples/${i + 1}`, { headers })).json();
      },
      "our client": async () => {
        for (let i = 0; i < calls; i++) await ours.getSample(i + 1);
      },
    });
    const label = `(${calls} sequential getSample, ${latencyMs} ms server latency)`;
    return withRatio(
      Object.entries(times).map(([name, t]): Row => ({
        section: SECTION,
        name: `${name} ${label}`,
        value: (median(t) * 1000) / calls,
        unit: "µs/call",
        baseline: name === "raw fetch" ? undefined : `raw fetch ${label}`,
      })),
    );
  } finally {
    await server.close();
  }
}

export async function benchRequestOverhead(options: { quick: boolean }): Promise<Row[]> {
  return [...(await onLoopback(options)), ...(await withLatency(options))];
}

async function onLoopback(options: { quick: boolean }): Promise<Row[]> {
  const calls = options.quick ? 200 : 2000;
  const rounds = options.quick ? 3 : 7;
  const server = await startLoopbackServer({ total: 10_000 });
  try {
    const headers = { authorization: `Bearer ${TOKEN}` };
    const openapiFetch = createClient<paths>({ baseUrl: server.baseUrl, headers });
    const openapiFetchOverKy = createClient<paths>({
      baseUrl: server.baseUrl,
      headers,
      fetch: (request: Request) => ky(request, { retry: 3, timeout: 30_000, throwHttpErrors: true }),
    });
    const ours = createSamplePlatformClient({ baseUrl: server.baseUrl, token: TOKEN });
    const validated = createSamplePlatformClient({ baseUrl: server.baseUrl, token: TOKEN, validateResponses: true });
    const id = (i: number) => (i % 500) + 1;
    const contenders = {
      "raw fetch": async () => {
        for (let i = 0; i < calls; i++) {
          const res = await fetch(`${server.baseUrl}/samples/${id(i)}`, { headers });
          if (!res.ok) throw new Error(`status ${res.status}`);
          await res.json();
        }
      },
      "openapi-fetch alone": async () => {
        for (let i = 0; i < calls; i++) {
          const { data, error } = await openapiFetch.GET("/samples/{sample_id}", { params: { path: { sample_id: id(i) } } });
          if (error || !data) throw new Error("request failed");
        }
      },
      // Not a contender: the retry/timeout library the client is built on, alone, to show the floor it sets.
      "ky alone (floor)": async () => {
        for (let i = 0; i < calls; i++) await ky(`${server.baseUrl}/samples/${id(i)}`, { headers, retry: 3, timeout: 30_000 }).json();
      },
      // ky's own cost taken apart: its per-attempt timeout (an AbortSignal linked into every request, a raced timer) and
      // its retry support (the request cloned before each attempt), switched off one after the other.
      "ky, timeout off (floor part)": async () => {
        for (let i = 0; i < calls; i++) await ky(`${server.baseUrl}/samples/${id(i)}`, { headers, retry: 3, timeout: false }).json();
      },
      "ky, timeout off, retry 0 (floor part)": async () => {
        for (let i = 0; i < calls; i++) await ky(`${server.baseUrl}/samples/${id(i)}`, { headers, retry: 0, timeout: false }).json();
      },
      // Not a contender either: openapi-fetch with ky as its fetch, as the client composes them, without the client.
      "openapi-fetch + ky (floor)": async () => {
        for (let i = 0; i < calls; i++) {
          const { data, error } = await openapiFetchOverKy.GET("/samples/{sample_id}", { params: { path: { sample_id: id(i) } } });
          if (error || !data) throw new Error("request failed");
        }
      },
      "our client": async () => {
        for (let i = 0; i < calls; i++) await ours.getSample(id(i));
      },
      "our client, validateResponses": async () => {
        for (let i = 0; i < calls; i++) await validated.getSample(id(i));
      },
    };
    const times = await interleave(rounds, contenders);
    const targets: Record<string, [string, number]> = {
      "our client": ["<= 1.10x", 1.1],
      "our client, validateResponses": ["<= 1.30x", 1.3],
    };
    return withRatio(Object.entries(times).map(([name, t]): Row => {
      const perCall = (median(t) * 1000) / calls; // µs a call
      return {
        section: SECTION,
        name: `${name} (${calls} sequential getSample)`,
        value: perCall,
        unit: "µs/call",
        baseline: name === "raw fetch" ? undefined : `raw fetch (${calls} sequential getSample)`,
        target: targets[name]?.[0],
        maxRatio: targets[name]?.[1],
      };
    }));
  } finally {
    await server.close();
  }
}
