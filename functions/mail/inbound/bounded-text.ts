/**
 * Every string Rapport keeps from an email passes through here: trimmed, control characters
 * removed, and cut to a limit from `LIMITS` so a hostile message cannot grow a stored item.
 */

/** C0/C1 controls except tab and newlines: they render as garbage and can smuggle terminal escapes. */
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
