// A node:http server on loopback that serves the API's two operations from generated data, with optional latency.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { makePage, makeSample } from "./sample-data";

export interface LoopbackServer {
  baseUrl: string;
  requests: () => number;
  close: () => Promise<void>;
}

export async function startLoopbackServer(options: { total: number; latencyMs?: number }): Promise<LoopbackServer> {
  let requests = 0;
  const sampleBodies = new Map<number, string>();
  const server = http.createServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const send = () => {
      const detail = /^\/api\/v1\/samples\/(\d+)$/.exec(url.pathname);
      let body: string;
      if (detail) {
        const id = Number(detail[1]);
        body = sampleBodies.get(id) ?? JSON.stringify(makeSample(id));
        if (sampleBodies.size < 1000) sampleBodies.set(id, body);
      } else if (url.pathname === "/api/v1/samples") {
        const limit = Number(url.searchParams.get("limit") ?? 50);
        const offset = Number(url.searchParams.get("offset") ?? 0);
        body = JSON.stringify(makePage(offset, limit, options.total));
      } else {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: "not_found", message: "No such route.", details: {} }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    };
    if (options.latencyMs) setTimeout(send, options.latencyMs);
    else send();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
