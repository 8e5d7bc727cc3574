// Every exchange of a run as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), which browsers' devtools and
// HAR viewers open. The token is never in it: the sender records requests without it, the Authorization header is
// written redacted, and the whole file passes through redact() like every report.
import type { RunSummary } from "./summary";
import type { Exchange } from "../types";
import { shownAuthorization } from "../credentials";

const nameValues = (headers: Record<string, string>) => Object.entries(headers).map(([name, value]) => ({ name, value }));

function authorization(exchange: Exchange): { name: string; value: string }[] {
  const value = shownAuthorization(exchange.request.auth);
  return value === undefined ? [] : [{ name: "authorization", value }];
}

function entry(exchange: Exchange) {
  const url = new URL(exchange.request.url);
  const { response } = exchange;
  return {
    startedDateTime: exchange.startedAt ?? new Date(0).toISOString(),
    time: exchange.elapsedMs,
    request: {
      method: exchange.request.method,
      url: exchange.request.url,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: [...nameValues(exchange.request.headers), ...authorization(exchange)],
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      // No answer (status 0) is written as HAR writes an aborted request: status 0, the error in the comment.
      status: response.status,
      statusText: "",
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: nameValues(response.headers),
      content: { size: Buffer.byteLength(response.text), mimeType: response.headers["content-type"] ?? "x-unknown", text: response.text },
      redirectURL: response.headers.location ?? "",
      headersSize: -1,
      bodySize: response.status === 0 ? -1 : Buffer.byteLength(response.text),
      ...(response.status === 0 ? { comment: response.text } : {}),
    },
    cache: {},
    timings: { send: 0, wait: exchange.elapsedMs, receive: 0 },
    comment: `${exchange.target.name}: ${exchange.case.id}${exchange.retried ? " (429, waited out and retried)" : ""}`,
  };
}

export function renderHar(summary: RunSummary): string {
  const har = {
    log: {
      version: "1.2",
      creator: { name: "@ccextractor/sample-platform-client contract suite", version: "1" },
      pages: [],
      entries: summary.targets.flatMap((t) => t.exchanges.map(entry)),
      comment: `contract run: ${summary.targets.map((t) => `${t.target.name} (${t.target.baseUrl})`).join(", ")}`,
    },
  };
  return `${JSON.stringify(har, null, 1)}\n`;
}
