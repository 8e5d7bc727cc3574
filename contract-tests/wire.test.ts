// The sender's GET against a real node:http server: what the suite relied on fetch for, kept without fetch.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { get, noAnswer } from "./wire";

type Handler = Parameters<typeof createServer>[1] & {};
let handler: Handler;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));

const BODY = JSON.stringify({ data: [{ name: "ünïcödé" }] });

it.each<[string, (b: Buffer) => Buffer]>([
  ["gzip", gzipSync],
  ["deflate", deflateSync],
  ["br", brotliCompressSync],
])("decodes a %s body, and asked for it", async (encoding, compress) => {
  let asked: string | undefined;
  handler = (req, res) => {
    asked = req.headers["accept-encoding"];
    res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding }).end(compress(Buffer.from(BODY)));
  };
  const response = await get(`${baseUrl}/samples`, {}, 5_000);
  expect({ status: response.status, text: response.text, asked }).toEqual({ status: 200, text: BODY, asked: "gzip, deflate, br" });
});

it("reads the text as fetch does: a byte-order mark dropped, invalid UTF-8 replaced", async () => {
  handler = (_req, res) => res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("{}"), Buffer.from([0xff])]));
  expect((await get(`${baseUrl}/`, {}, 5_000)).text).toBe("{}\uFFFD");
});

it("records header names in lower case and a repeated header's values joined by a comma, and sends the headers asked", async () => {
  let received: string | undefined;
  handler = (req, res) => {
    received = req.headers.authorization;
    res.setHeader("X-RateLimit-Limit", ["60", "120"]);
    res.end("{}");
  };
  const response = await get(`${baseUrl}/`, { authorization: "Bearer t0k3n" }, 5_000);
  expect({ limit: response.headers["x-ratelimit-limit"], received }).toEqual({ limit: "60, 120", received: "Bearer t0k3n" });
});

it("does not follow a redirect: the 302 is the answer", async () => {
  const paths: string[] = [];
  handler = (req, res) => {
    paths.push(req.url!);
    res.writeHead(302, { location: "/elsewhere" }).end();
  };
  const response = await get(`${baseUrl}/samples`, {}, 5_000);
  expect({ status: response.status, location: response.headers.location, paths }).toEqual({ status: 302, location: "/elsewhere", paths: ["/samples"] });
});

it("gives the whole exchange one deadline: a body that stalls after the headers times out", async () => {
  handler = (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write("{");
  };
  const error = await get(`${baseUrl}/`, {}, 300).catch((e: NodeJS.ErrnoException) => e);
  expect(noAnswer(error as NodeJS.ErrnoException)).toBe("timed out after 300 ms");
});

it("a body cut short by the server is no answer, named by the socket's error", async () => {
  handler = (_req, res) => {
    res.writeHead(200, { "content-length": "100" });
    res.write("{", () => res.socket?.destroy());
  };
  const error = (await get(`${baseUrl}/`, {}, 5_000).catch((e: NodeJS.ErrnoException) => e)) as NodeJS.ErrnoException;
  expect(noAnswer(error)).toBe("request failed (ECONNRESET)");
});

it("a refused connection is no answer, named by its code", async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const error = (await get(`http://127.0.0.1:${port}/`, {}, 5_000).catch((e: NodeJS.ErrnoException) => e)) as NodeJS.ErrnoException;
  expect(noAnswer(error)).toBe("request failed (ECONNREFUSED)");
});
