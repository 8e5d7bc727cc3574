// The mock's handlers served over HTTP (node:http + msw's getResponse), for `npm run mock` and for tools that are
/// <reference types="node" />
// not in-process: another language's tests, a browser app in development, curl.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse } from "msw";
import { createMockHandlersFor } from "./handlers";
import type { MockOptions } from "./options";
import { PACKAGE_SPEC, type MockSpec } from "./spec-facts";

export interface MockServerOptions extends Omit<MockOptions, "baseUrl"> {
  /** Port to listen on; 0 picks a free one. Default 4010. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 (this machine only). */
  host?: string;
}

export interface MockServer {
  /**
   * The API root, under the path of the spec's server URL as the real server answers: `http://127.0.0.1:4010/api/v1`,
   * the client's `baseUrl` (`SP_BASE_URL`).
   */
  baseUrl: string;
  close(): Promise<void>;
}

/** Browsers in development may call the mock from another origin: allow it, as Prism's mock does. */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, content-type, prefer, x-request-id",
  "access-control-allow-methods": "GET, OPTIONS",
  "access-control-expose-headers": "retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset",
};

const HANDLER_ORIGIN = "http://mock.invalid";

export class PortInUseError extends Error {}

export function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  return startMockServerFor(PACKAGE_SPEC, options);
}

/** @internal The server for another spec's operation table (tests of a grown spec); startMockServer serves the package's. */
export async function startMockServerFor(spec: MockSpec, options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 4010, host = "127.0.0.1", ...mockOptions } = options;
  // Made before listening, so that bad options fail before a port is taken. Requests reach them under one fixed
  // origin, whatever Host the caller used (127.0.0.1, localhost, a LAN name): no answer contains a URL.
  const handlers = createMockHandlersFor(spec, { ...mockOptions, baseUrl: `${HANDLER_ORIGIN}${spec.basePath}` });
  let baseUrl = "";

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume(); // GET has no body; drain any other method's
    if (req.method === "OPTIONS") {
      res.writeHead(204, CORS).end();
      return;
    }
    const path = new URL(req.url ?? "/", HANDLER_ORIGIN).pathname;
    if (path !== spec.basePath && !path.startsWith(`${spec.basePath}/`)) {
      // Outside the API's path, as a production base URL without /api/v1 would be: say where the API is.
      const body = { code: "not_found", message: `No route ${path.slice(0, 200)}: the API is served under ${baseUrl} (use it as SP_BASE_URL).`, details: { base_url: baseUrl } };
      res.writeHead(404, { ...CORS, "content-type": "application/json" }).end(JSON.stringify(body));
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const request = new Request(`${HANDLER_ORIGIN}${req.url ?? "/"}`, { method: req.method, headers });
    const response = (await getResponse(handlers, request)) ?? Response.json({ code: "not_found", message: "Not found.", details: {} }, { status: 404 });
    const outgoing: Record<string, string> = { ...CORS };
    response.headers.forEach((value, name) => {
      outgoing[name] = value;
    });
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, outgoing).end(req.method === "HEAD" ? undefined : body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json", ...CORS });
      res.end(JSON.stringify({ code: "internal_error", message: `Mock failure: ${(error as Error).message}`, details: {} }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? new PortInUseError(`port ${port} on ${host} is taken (another mock or Prism?): choose another with PORT`) : error);
    });
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const hostText = address.family === "IPv6" ? `[${address.address}]` : address.address;
  baseUrl = `http://${hostText}:${address.port}${spec.basePath}`;
  return {
    baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
