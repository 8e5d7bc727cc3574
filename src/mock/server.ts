// The mock's handlers served over HTTP (node:http + msw's getResponse), for `npm run mock` and for tools that are
/// <reference types="node" />
// not in-process: another language's tests, a browser app in development, curl.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse } from "msw";
import { createMockFor } from "./handlers";
import type { MockOptions } from "./options";
import type { UnservedOperation } from "./served";
import { PACKAGE_SPEC, type MockSpec } from "./spec-facts";

export type { UnservedOperation } from "./served";

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
  /** The operations of the spec the mock does not serve (each answers 501 with the reason), and why. */
  unserved: readonly UnservedOperation[];
  close(): Promise<void>;
}

/** Browsers in development may call the mock from another origin: allow it, as Prism's mock does. */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, content-type, prefer, x-request-id",
  "access-control-allow-methods": "GET, OPTIONS",
  "access-control-expose-headers": "link, retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset",
};

/** CORS for the spec: its API keys' headers allowed too. */
function corsFor(spec: MockSpec): Record<string, string> {
  const schemes = Object.values(spec.operations).flatMap((row) => Object.values(row.securitySchemes));
  const keys = schemes.flatMap((scheme) => (scheme.type === "apiKey" && scheme.in === "header" ? [scheme.name.toLowerCase()] : []));
  return { ...CORS, "access-control-allow-headers": [CORS["access-control-allow-headers"], ...new Set(keys)].join(", ") };
}

const HANDLER_ORIGIN = "http://mock.invalid";

export class PortInUseError extends Error {}

export function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  return startMockServerFor(PACKAGE_SPEC, options);
}

/** @internal The server for another spec's operation table (tests of other specs); startMockServer serves the package's. */
export async function startMockServerFor(spec: MockSpec, options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 4010, host = "127.0.0.1", ...mockOptions } = options;
  // Made before listening, so that bad options fail before a port is taken. Requests reach them under one fixed
  // origin, whatever Host the caller used (127.0.0.1, localhost, a LAN name); the Host goes along as X-Forwarded-Host,
  // for the links to next pages.
  const { handlers, api } = createMockFor(spec, { ...mockOptions, baseUrl: `${HANDLER_ORIGIN}${spec.basePath}` });
  const cors = corsFor(spec);
  let baseUrl = "";

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume(); // GET has no body; drain any other method's
    if (req.method === "OPTIONS") {
      res.writeHead(204, cors).end();
      return;
    }
    const path = new URL(req.url ?? "/", HANDLER_ORIGIN).pathname;
    let response: Response | undefined;
    if (path !== spec.basePath && !path.startsWith(`${spec.basePath}/`)) {
      // Outside the API's path, as a production base URL without its path would be: say where the API is.
      const text = `No route ${path.slice(0, 200)}: the API is served under ${baseUrl} (use it as SP_BASE_URL).`;
      response = api.failure({ status: 404, text, instance: path.slice(0, 200), extras: { base_url: baseUrl } });
    } else {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      headers.set("x-forwarded-host", req.headers.host ?? new URL(baseUrl).host);
      headers.set("x-forwarded-proto", "http");
      const request = new Request(`${HANDLER_ORIGIN}${req.url ?? "/"}`, { method: req.method, headers });
      response = (await getResponse(handlers, request)) ?? api.failure({ status: 404, text: `No route ${path.slice(0, 200)}.`, instance: path.slice(0, 200) });
    }
    const outgoing: Record<string, string> = { ...cors };
    response.headers.forEach((value, name) => {
      outgoing[name] = value;
    });
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, outgoing).end(req.method === "HEAD" ? undefined : body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(async (error: unknown) => {
      const failure = api.failure({ status: 500, text: `Mock failure: ${(error as Error).message}` });
      res.writeHead(500, { ...cors, "content-type": failure.headers.get("content-type") ?? "application/json" });
      res.end(await failure.text());
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
    unserved: api.unserved,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
