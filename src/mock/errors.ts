// Bad mock options are a programming error in the caller's test setup: a TypeError naming the field and the rule.
export function mockOptionError(field: string, rule: string, given?: string): TypeError {
  return new TypeError(`sample-platform-client/mock: \`${field}\` ${rule}${given === undefined ? "" : ` (got ${given})`}`);
}
