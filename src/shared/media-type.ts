// Which media types are JSON: one rule for the client reading a response and the generator reading a spec.

/** A JSON media type: application/json or a structured `+json` type (application/problem+json), parameters allowed. */
export const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
