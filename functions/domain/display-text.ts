import { truncate } from '../commons/bounded-text';

/**
 * Small, safe string helpers for values that came from an email. None of them escape HTML:
 * the templates do that (`{{ }}`); these bound lengths, drop control characters and decide
 * what may become a link.
 */

/** Subjects stay on one line and short enough to read in a phone's inbox list (RFC 5322 allows more). */
const MAX_SUBJECT_LENGTH = 160;

/** Replaces control characters (CR/LF included) and runs of whitespace with one space. */
export function oneLine(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export function subjectLine(value: string): string {
  return truncate(oneLine(value), MAX_SUBJECT_LENGTH);
}

/** A value worth showing: trimmed, one line, non-empty — or undefined. */
export function present(value: string | undefined | null, max = 300): string | undefined {
  if (value === undefined || value === null) return undefined;
  const clean = oneLine(value);
  return clean ? truncate(clean, max) : undefined;
}

/**
 * Only http(s) URLs become links: a `javascript:` or `data:` URL from a hostile invitation is
 * shown as text, never put in an href.
 */
export function safeHttpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const candidate = value.trim();
  // Asked first, because most locations are not URLs ("Google Meet", "Café Luna"), and a URL
  // constructor that throws costs ~7 µs each time: the most of any one step of a prep brief.
  if (!URL.canParse(candidate)) return undefined;
  const url = new URL(candidate);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
}

const NAME_SUFFIXES = /^(jr|sr|ii|iii|iv|phd|md|mba|esq|cpa)\.?$/i;

/**
 * "Marco Rossi" from a directory-style "Rossi, Marco"; anything else (including "Jane Doe, PhD")
 * as written.
 */
export function displayName(name: string | undefined, max = 200): string | undefined {
  const clean = present(name, max);
  if (!clean) return undefined;
  const parts = clean.split(',').map((part) => part.trim());
  if (parts.length === 2 && parts[0] && parts[1] && !parts[1].includes(' ') && !NAME_SUFFIXES.test(parts[1]) && !clean.includes('@')) {
    return `${parts[1]} ${parts[0]}`;
  }
  return clean;
}

/** "Jane" from "Jane Doe", "Jane" from "Doe, Jane", undefined from nothing or an address. */
export function firstName(name: string | undefined): string | undefined {
  const clean = present(name, 200);
  if (!clean || clean.includes('@')) return undefined;
  const reordered = clean.includes(',') ? (clean.split(',')[1] ?? '').trim() : clean;
  const first = reordered.split(' ')[0]?.replace(/^["'(]+|["'),.]+$/g, '');
  return first ? first : undefined;
}

/** "Acme's", and "Northwind Robotics'" for a name that ends in s (not "Robotics's"). */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}
