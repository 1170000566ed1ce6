import ICAL from './ical';

/**
 * Real calendars break RFC 5545 in small ways, and ical.js rejects a whole file for one bad
 * line. This pass unfolds lines, repairs the breakages whose meaning is clear, and drops any
 * other line ical.js cannot read, so one malformed property costs that property, not the event.
 */

/** Calendar text beyond this is not an invitation (Outlook's, with an HTML description, is tens of KB); cut it. */
export const MAX_CALENDAR_CHARS = 512 * 1024;
/** Deeper BEGIN nesting than VCALENDAR > VEVENT > VALARM (plus slack) is not a calendar. */
const MAX_COMPONENT_DEPTH = 6;

export interface SanitizedCalendar {
  text: string;
  /** Lines that were dropped because they could not be read, for diagnostics. */
  dropped: string[];
}

export function sanitizeCalendar(raw: string): SanitizedCalendar {
  const unfolded = raw
    .slice(0, MAX_CALENDAR_CHARS)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    // RFC 5545 §3.1: a line break followed by one space or tab continues the line.
    .replace(/\n[ \t]/g, '');

  const out: string[] = [];
  const dropped: string[] = [];
  const open: string[] = [];
  for (const rawLine of unfolded.split('\n')) {
    // trimEnd, not /\s+$/: that expression is quadratic on a long run of spaces inside a line.
    const line = rawLine.trimEnd();
    if (!line) continue;
    const boundary = /^(BEGIN|END):([A-Za-z0-9-]+)$/i.exec(line);
    if (boundary) {
      const [, kind = '', name = ''] = boundary;
      const component = name.toUpperCase();
      if (kind.toUpperCase() === 'BEGIN') {
        if (open.length >= MAX_COMPONENT_DEPTH || (open.length === 0 && component !== 'VCALENDAR')) {
          dropped.push(line);
          continue;
        }
        open.push(component);
        out.push(`BEGIN:${component}`);
      } else if (open.includes(component)) {
        // Close anything left open inside it (a missing END:VALARM must not swallow the event).
        while (open.length > 0) {
          const top = open.pop();
          out.push(`END:${top}`);
          if (top === component) break;
        }
        if (component === 'VCALENDAR') break;
      } else {
        dropped.push(line);
      }
      continue;
    }
    if (open.length === 0) continue;
    const repaired = repairLine(line);
    if (readable(repaired)) out.push(repaired);
    else dropped.push(line);
  }
  while (open.length > 0) out.push(`END:${open.pop()}`);
  return { text: out.join('\r\n'), dropped };
}

/**
 * Breakages with one clear meaning:
 * - the value written inside a quoted parameter: `DTSTART;TZID="Zone:20200609T090000"` (Exchange);
 * - a `TZID=` parameter whose unquoted value contains a colon or comma, which ical.js would split.
 */
function repairLine(line: string): string {
  const valueInsideQuote = /^([A-Za-z0-9-]+(?:;[^"]*)?);([A-Za-z0-9-]+)="([^"]*):([^":]+)"$/.exec(line);
  if (valueInsideQuote && !hasValueSeparator(line)) {
    const [, head, param, paramValue, value] = valueInsideQuote;
    return `${head};${param}="${paramValue}":${value}`;
  }
  return line;
}

/** Whether a content line has a ':' outside double quotes (the name/value separator). */
function hasValueSeparator(line: string): boolean {
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === ':' && !quoted) return true;
  }
  return false;
}

function readable(line: string): boolean {
  if (!hasValueSeparator(line)) return false;
  try {
    ICAL.Property.fromString(line);
    return true;
  } catch {
    return false;
  }
}
