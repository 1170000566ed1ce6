/**
 * The one module that cuts strings to a limit. Every string Rapport keeps from an email passes
 * through `boundedText`/`optionalText` (trimmed, control characters removed, cut to a limit from
 * `LIMITS` so a hostile message cannot grow a stored item); what Rapport shows in an email is cut
 * for reading by `truncate`, which marks the cut. None of them split a surrogate pair.
 */

/** C0/C1 controls except tab and newlines: they render as garbage and can smuggle terminal escapes. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Trims and cuts `value` to at most `max` UTF-16 units without splitting a surrogate pair; empty stays empty. */
export function boundedText(value: string, max: number): string {
  const clean = value.replace(CONTROL_CHARACTERS, '').trim();
  if (clean.length <= max) return clean;
  let end = max;
  const last = clean.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return clean.slice(0, end).trimEnd();
}

/** Like `boundedText`, but `undefined` for a missing or blank value. */
export function optionalText(value: string | undefined | null, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  const bounded = boundedText(value, max);
  return bounded === '' ? undefined : bounded;
}

/** For display: cuts to at most `max` characters at a word boundary and marks the cut with "…". */
export function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  const cut = chars.slice(0, max - 1).join('');
  const atSpace = cut.lastIndexOf(' ');
  return `${(atSpace > max * 0.6 ? cut.slice(0, atSpace) : cut).trimEnd()}…`;
}

/**
 * `value` without the characters of `trailing` (and white space, when `trailing` matches it) at
 * its end, walked back once from the end: the regular expression `/[…]+$/` is tried from every
 * position of a long run that does not reach the end ("x , , , … , y"), quadratic on user text.
 */
export function trimTrailing(value: string, trailing: RegExp): string {
  let end = value.length;
  while (end > 0 && trailing.test(value.charAt(end - 1))) end -= 1;
  return value.slice(0, end);
}
