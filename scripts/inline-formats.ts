// The `format`s the generated validators can check, as JavaScript source that is inlined into generated/*.ts: the
// shipped validators import nothing at run time, so ajv-formats (which ajv's standalone code would `require`) is not
// an option there. The rules are ajv-formats 3.0.1 "full" mode, the mode the rest of the project validates with
// (spec/model.ts createAjv), so that the client and the contract suite agree on every value:
//   date       RFC 3339 full-date, calendar-checked: 2026-02-30 and 2025-02-29 are refused, 2024-02-29 is not
//   time       RFC 3339 full-time, offset required ("Z", "+01:00"; ajv-formats also takes "+0100" and "+01");
//              second 60 only at 23:59:60 UTC (a leap second)
//   date-time  date, "T" (or "t" or a space, as ajv-formats), time
//   uri        an absolute URI (a scheme and a ":" or "/"), RFC 3986 syntax
//   email      ajv-formats' full email pattern
//   uuid       8-4-4-4-12 hex digits, optionally prefixed "urn:uuid:"
//   int32      an integer in [-2^31, 2^31 - 1]
//   int64      an integer (every integer JSON numbers can carry in JavaScript)
import type { FormatDefinition } from "ajv";

export interface InlineFormat {
  /** the JSON type the format applies to (ajv checks only values of this type) */
  type: "string" | "number";
  /** name of the inlined function that checks a value */
  check: string;
  /** top-level declarations, in PIECES, that this format needs (its check last) */
  needs: string[];
}

/** Top-level JavaScript declarations, by name; every name starts with `inlinedFormat_`, which ajv never generates. */
const PIECES: Record<string, string> = {
  // A pattern checks the shape; the numbers are then read at known places (a regular expression's captures cost
  // several times more than its test), and checked as ajv-formats checks them. Only whole seconds are read: a
  // fraction changes neither `sec < 60` nor `sec < 61`.
  inlinedFormat_calendar: String.raw`function inlinedFormat_two(str, i) {
  return (str.charCodeAt(i) - 48) * 10 + str.charCodeAt(i + 1) - 48;
}
function inlinedFormat_validDate(str, i) {
  const year = inlinedFormat_two(str, i) * 100 + inlinedFormat_two(str, i + 2);
  const month = inlinedFormat_two(str, i + 5), day = inlinedFormat_two(str, i + 8);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}
function inlinedFormat_validTime(str, i) {
  const hr = inlinedFormat_two(str, i), min = inlinedFormat_two(str, i + 3), sec = inlinedFormat_two(str, i + 6);
  let sign = 1, tzH = 0, tzM = 0;
  const last = str.charCodeAt(str.length - 1);
  if (last !== 90 && last !== 122) {
    const at = Math.max(str.lastIndexOf("+"), str.lastIndexOf("-"));
    sign = str.charCodeAt(at) === 45 ? -1 : 1;
    tzH = inlinedFormat_two(str, at + 1);
    tzM = str.length - at > 3 ? inlinedFormat_two(str, str.length - 2) : 0;
  }
  if (tzH > 23 || tzM > 59) return false;
  if (hr <= 23 && min <= 59 && sec < 60) return true;
  const utcMin = min - tzM * sign;
  const utcHr = hr - tzH * sign - (utcMin < 0 ? 1 : 0);
  return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
}`,
  inlinedFormat_date: String.raw`const inlinedFormat_datePattern = /^\d\d\d\d-\d\d-\d\d$/;
function inlinedFormat_date(str) {
  return inlinedFormat_datePattern.test(str) && inlinedFormat_validDate(str, 0);
}`,
  inlinedFormat_time: String.raw`const inlinedFormat_timePattern = /^\d\d:\d\d:\d\d(?:\.\d+)?(?:z|[+-]\d\d(?::?\d\d)?)$/i;
function inlinedFormat_time(str) {
  return inlinedFormat_timePattern.test(str) && inlinedFormat_validTime(str, 0);
}`,
  // ajv-formats splits at "t" or white space and wants two parts, a date and a time: neither part can hold one of
  // those characters, so one pattern with a "[t\s]" between them is the same rule, in one pass.
  inlinedFormat_dateTime: String.raw`const inlinedFormat_dateTimePattern = /^\d\d\d\d-\d\d-\d\d[t\s]\d\d:\d\d:\d\d(?:\.\d+)?(?:z|[+-]\d\d(?::?\d\d)?)$/i;
function inlinedFormat_dateTime(str) {
  return inlinedFormat_dateTimePattern.test(str) && inlinedFormat_validDate(str, 0) && inlinedFormat_validTime(str, 11);
}`,
  inlinedFormat_uri: String.raw`const inlinedFormat_uriPattern = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;
function inlinedFormat_uri(str) {
  return (str.includes("/") || str.includes(":")) && inlinedFormat_uriPattern.test(str);
}`,
  inlinedFormat_email: String.raw`const inlinedFormat_emailPattern = /^[a-z0-9!#$%&'*+/=?^_${"`"}{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_${"`"}{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
function inlinedFormat_email(str) {
  return inlinedFormat_emailPattern.test(str);
}`,
  inlinedFormat_uuid: String.raw`const inlinedFormat_uuidPattern = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
function inlinedFormat_uuid(str) {
  return inlinedFormat_uuidPattern.test(str);
}`,
  inlinedFormat_int32: String.raw`function inlinedFormat_int32(value) {
  return Number.isInteger(value) && value <= 2147483647 && value >= -2147483648;
}`,
  inlinedFormat_int64: String.raw`function inlinedFormat_int64(value) {
  return Number.isInteger(value);
}`,
};

/** The supported formats, by the name a spec writes. */
export const INLINE_FORMATS: Record<string, InlineFormat> = {
  date: { type: "string", check: "inlinedFormat_date", needs: ["inlinedFormat_calendar", "inlinedFormat_date"] },
  time: { type: "string", check: "inlinedFormat_time", needs: ["inlinedFormat_calendar", "inlinedFormat_time"] },
  "date-time": { type: "string", check: "inlinedFormat_dateTime", needs: ["inlinedFormat_calendar", "inlinedFormat_dateTime"] },
  uri: { type: "string", check: "inlinedFormat_uri", needs: ["inlinedFormat_uri"] },
  email: { type: "string", check: "inlinedFormat_email", needs: ["inlinedFormat_email"] },
  uuid: { type: "string", check: "inlinedFormat_uuid", needs: ["inlinedFormat_uuid"] },
  int32: { type: "number", check: "inlinedFormat_int32", needs: ["inlinedFormat_int32"] },
  int64: { type: "number", check: "inlinedFormat_int64", needs: ["inlinedFormat_int64"] },
};

/** The name, in generated code, of the object ajv's standalone code reads formats from (ajv's `code.formats`). */
export const FORMATS_OBJECT = "inlinedFormats";

/**
 * The declarations that define `inlinedFormats` with just these formats (sorted: the output is deterministic), to be
 * placed before ajv's code, which reads `inlinedFormats.date`, `inlinedFormats["date-time"]`, ... at load time.
 */
export function inlineFormatsSource(names: Iterable<string>): string {
  const sorted = [...new Set(names)].sort();
  const pieces = new Set<string>();
  for (const name of sorted) {
    const format = INLINE_FORMATS[name];
    if (!format) throw new Error(`no inlined definition for format "${name}"`);
    for (const piece of format.needs) pieces.add(piece);
  }
  const entries = sorted.map(
    (name) => `  ${JSON.stringify(name)}: { type: ${JSON.stringify(INLINE_FORMATS[name].type)}, validate: ${INLINE_FORMATS[name].check} },`,
  );
  return [...[...pieces].map((p) => PIECES[p]), `const ${FORMATS_OBJECT} = {`, ...entries, "};"].join("\n");
}

/**
 * The formats as ajv definitions, for the generator's own ajv instance: built from the very source that is inlined,
 * so that what ajv compiles against and what ships are the same functions.
 */
export function inlineFormatDefinitions(): Record<string, FormatDefinition<string> | FormatDefinition<number>> {
  const names = Object.keys(INLINE_FORMATS);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiling the inlined source itself is the point (see above)
  const build = new Function(`${inlineFormatsSource(names)}\nreturn ${FORMATS_OBJECT};`) as () => Record<string, any>;
  return build();
}
