// A sender that records: every exchange of a target in the order sent. Not in http.ts, which run.ts loads before
// Prism starts: this needs the spec (and so ajv) loaded, which the run does while Prism boots.
import { Sender, type SenderOptions } from "./http";
import { defaultSpecModel, type SpecModel } from "./spec";
import type { Case, Exchange } from "./types";

/**
 * A sender for a target that keeps every exchange in the order sent: a live target's 429s are waited out and retried,
 * a mock's are answers (only ever forced there). `send` returns a case's final answer, undefined once the run stopped.
 */
export function recordingSender(
  options: Omit<SenderOptions, "retryOn429">,
  spec: SpecModel = defaultSpecModel(),
): { sender: Sender; exchanges: Exchange[]; send: (c: Case) => Promise<Exchange | undefined> } {
  const sender = new Sender({ ...options, retryOn429: options.target.kind === "live" });
  const exchanges: Exchange[] = [];
  const send = async (c: Case) => {
    const sent = await sender.send(c, spec.operationById(c.operationId));
    exchanges.push(...sent);
    return sent[sent.length - 1];
  };
  return { sender, exchanges, send };
}
