// A diagnosis: when most answers share one shape, the likely cause is usually not the server's contract but the setup
// (a base URL without its path answers HTML 404s; a wrong token, 401s). And a target whose answers the checks could
// not judge at all (none came, or none was JSON) gets no verdict on its contract: "could not judge", exit 3.
import type { TargetResult } from "../engine";
import { mediaType } from "../checks/util";

export interface Diagnosis {
  /** set when the target's contract could not be judged at all, saying why */
  couldNotJudge?: string;
  /** the likely cause of most failures, when most answers share one shape */
  hint?: string;
}

/** The share of answers that makes a shape "most". */
const MOST = 0.8;

const isJson = (type: string | undefined) => type === "application/json" || /\+json$/.test(type ?? "");

export function diagnose(result: TargetResult): Diagnosis {
  const answered = result.exchanges.filter((e) => e.response.status !== 0);
  if (answered.length === 0) {
    const last = result.exchanges[result.exchanges.length - 1]?.response.text;
    return { couldNotJudge: `no request got an answer${last ? ` (last: ${last})` : ""}: check that the server runs and SP_BASE_URL reaches it` };
  }
  const shapes = new Map<string, number>();
  for (const e of answered) {
    const key = `${e.response.status} ${mediaType(e.response.headers["content-type"]) ?? "no Content-Type"}`;
    shapes.set(key, (shapes.get(key) ?? 0) + 1);
  }
  const [shape, count] = [...shapes].sort((a, b) => b[1] - a[1])[0];
  const [status, type] = [Number(shape.split(" ")[0]), shape.slice(shape.indexOf(" ") + 1)];
  const most = count >= MOST * answered.length;
  const share = `${count} of ${answered.length} answers are ${status} ${type}`;
  let hint: string | undefined;
  if (most && !isJson(type)) {
    hint =
      status === 404
        ? `${share}, not JSON: the base URL's path is likely wrong; check that SP_BASE_URL includes the API's path (such as https://host/api/v1)`
        : `${share}, not JSON: check that SP_BASE_URL is the API's base URL, not a web page or a proxy's`;
  } else {
    const withToken = answered.filter((e) => e.case.auth === "token");
    const refused = withToken.filter((e) => e.response.status === 401).length;
    if (withToken.length > 0 && refused >= MOST * withToken.length) hint = `${refused} of ${withToken.length} requests carrying SP_API_TOKEN were answered 401: check the token`;
    else if (most && status >= 400) hint = `${share}: most requests fail the same way, so look for one cause in the setup (base URL, token, a proxy)`;
  }
  if (!answered.some((e) => e.response.json !== undefined)) {
    return { couldNotJudge: `no answer had a JSON body the checks could judge (${share})`, hint };
  }
  return { hint };
}
