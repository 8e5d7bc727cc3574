// A row's query as URL text: openapi-fetch's serializer, the one `raw` uses, so that both send the same URL.
import { createQuerySerializer, serializeArrayParam } from "openapi-fetch";
import type { QueryParameterRow } from "./shared/operation-row";

const querySerializer = createQuerySerializer();
export type QuerySerializer = typeof querySerializer;

/**
 * A row's query serializer: openapi-fetch's, except for arrays the spec writes joined (`style: form, explode: false`,
 * `spaceDelimited`, `pipeDelimited`), which openapi-fetch can only set for every parameter at once.
 */
export function querySerializerOf(parameters: readonly QueryParameterRow[]): QuerySerializer {
  const joined = new Map(parameters.filter((p) => p.joined !== undefined).map((p) => [p.name, p.joined!]));
  if (joined.size === 0) return querySerializer;
  return (query) => {
    const parts: string[] = [];
    const rest: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
      const style = joined.get(name);
      if (style !== undefined && Array.isArray(value)) parts.push(serializeArrayParam(name, value, { style, explode: false }));
      else rest[name] = value;
    }
    const others = querySerializer(rest);
    return [...parts.filter(Boolean), ...(others ? [others] : [])].join("&");
  };
}
