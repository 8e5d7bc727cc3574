// Spectral custom function: every 4xx/5xx/default response must carry an application/json body whose schema is
// `$ref: '#/components/schemas/Error'`. Runs on the unresolved document so that it can tell a reference to Error
// from a look-alike copy; response-level `$ref`s into #/components/responses are followed by hand.
const ERROR_REF = "#/components/schemas/Error";
const ERROR_STATUS = /^([45]\d\d|[45]XX|default)$/;

function followLocalRef(document, node) {
  const seen = new Set();
  while (node && typeof node.$ref === "string" && node.$ref.startsWith("#/") && !seen.has(node.$ref)) {
    seen.add(node.$ref);
    node = node.$ref
      .slice(2)
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((at, key) => (at == null ? undefined : at[key]), document);
  }
  return node;
}

module.exports = function errorResponseUsesErrorSchema(responses, _options, context) {
  if (responses === null || typeof responses !== "object") return [];
  const document = context.document.data;
  const results = [];
  for (const [status, declared] of Object.entries(responses)) {
    if (!ERROR_STATUS.test(status)) continue;
    const response = followLocalRef(document, declared);
    const schema = response && response.content && response.content["application/json"]
      ? response.content["application/json"].schema
      : undefined;
    if (!schema || schema.$ref !== ERROR_REF) {
      results.push({
        message: `Response ${status} must have an application/json body with schema $ref '${ERROR_REF}'.`,
        path: [...context.path, status],
      });
    }
  }
  return results;
};
