// One GET on the wire, for the sender: node:http(s), not fetch, whose per-request cost was a third of a run's CPU
// (undici, web streams, an AbortSignal each). It keeps what the suite relied on fetch for: no redirect is followed,
// the whole exchange (body included) has one deadline, a compressed body is decoded, and the text is read as fetch reads it.
import http from "node:http";
import https from "node:https";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

/** A request's end without an answer, as a report says it: the timeout (get's own message), or the socket's error code. */
export function noAnswer(error: NodeJS.ErrnoException): string {
  if (error.name === "TimeoutError") return error.message;
  return error.code ? `request failed (${error.code})` : `request failed: ${error.message}`;
}

/** What a server answered: header names in lower case, a repeated header's values joined by ", " (as fetch has them). */
interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** as fetch's text() reads a body: UTF-8, a byte-order mark dropped, invalid bytes replaced */
  text: string;
}

/** Decoders of the Content-Encodings asked for; another one is read as it came. */
const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = { gzip: createGunzip, "x-gzip": createGunzip, deflate: createInflate, br: createBrotliDecompress };

/** UTF-8 as fetch's text() reads it (stateless between calls, so one serves every response). */
const UTF8 = new TextDecoder();

/** Names the suite to a server's logs (fetch said only "node"). */
const USER_AGENT = "sample-platform-contract-tests";

/** One GET: no redirect followed, the whole exchange (body included) within `timeoutMs`, the body decoded. */
export function get(url: string, headers: Record<string, string>, timeoutMs: number): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const transport = target.protocol === "https:" ? https : http;
    const req = transport.request(target, { method: "GET", headers: { "user-agent": USER_AGENT, "accept-encoding": "gzip, deflate, br", ...headers } }, (res) => {
      const recorded: Record<string, string> = {};
      for (let i = 0; i < res.rawHeaders.length; i += 2) {
        const name = res.rawHeaders[i].toLowerCase();
        const value = res.rawHeaders[i + 1];
        recorded[name] = name in recorded ? `${recorded[name]}, ${value}` : value;
      }
      // From the names just recorded: res.headers would build a second copy of them.
      const decoder = DECODERS[(recorded["content-encoding"] ?? "").trim().toLowerCase()];
      const body = decoder ? res.pipe(decoder()) : res;
      const chunks: Buffer[] = [];
      res.on("error", fail);
      body.on("error", fail);
      body.on("data", (chunk: Buffer) => chunks.push(chunk));
      body.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: recorded, text: UTF8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)) });
      });
    });
    function fail(error: Error) {
      clearTimeout(timer);
      req.destroy();
      reject(error);
    }
    const timer = setTimeout(() => fail(Object.assign(new Error(`timed out after ${timeoutMs} ms`), { name: "TimeoutError" })), timeoutMs);
    req.on("error", fail);
    req.end();
  });
}
