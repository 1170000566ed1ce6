import { type ContentLine, forEachUnfoldedLine, parseContentLine } from './ics-content-line';

/**
 * iCalendar text → its component tree (RFC 5545 §3.4, §3.6), each content line read once.
 *
 * Real calendars break the RFC in small ways, and a strict reader rejects a whole file for one
 * bad line. Here one malformed line costs that line (it is dropped), a
 * missing END is closed where its parent ends, and an END with no BEGIN is ignored — so one
 * broken property costs that property, not the event.
 */

/** Calendar text beyond this is not an invitation (Outlook's, with an HTML description, is tens of KB); cut it. */
const MAX_CALENDAR_CHARS = 512 * 1024;
/** Deeper BEGIN nesting than VCALENDAR > VEVENT > VALARM (plus slack) is not a calendar. */
const MAX_COMPONENT_DEPTH = 6;

export interface CalendarComponent {
  /** Upper case: VCALENDAR, VEVENT, VTIMEZONE, STANDARD… */
  name: string;
  properties: ContentLine[];
  components: CalendarComponent[];
}

interface CalendarTree {
  /** The first VCALENDAR; undefined when the text has none. */
  root?: CalendarComponent;
}

export function readCalendarTree(raw: string): CalendarTree {
  let root: CalendarComponent | undefined;
  const open: CalendarComponent[] = [];

  forEachUnfoldedLine(raw.length > MAX_CALENDAR_CHARS ? raw.slice(0, MAX_CALENDAR_CHARS) : raw, (line) => {
    // An unreadable line, a BEGIN past the depth limit and an END with nothing to close are dropped.
    const property = parseContentLine(line);
    if (!property) return true;
    if (property.name === 'BEGIN' || property.name === 'END') {
      const component = boundaryName(property);
      if (component !== undefined && property.name === 'BEGIN') root = begin(component, open, root);
      else if (component !== undefined) end(component, open);
      // Only the first calendar counts: reading stops where it ends.
      return !(property.name === 'END' && component === 'VCALENDAR' && open.length === 0 && root !== undefined);
    }
    open[open.length - 1]?.properties.push(property);
    return true;
  });
  return root ? { root } : {};
}

/** `BEGIN:VEVENT` → VEVENT; undefined for a line that only looks like a boundary (parameters, odd characters). */
function boundaryName(line: ContentLine): string | undefined {
  for (const _parameter in line.params) return undefined;
  const value = line.value;
  if (value.length === 0) return undefined;
  for (let at = 0; at < value.length; at++) {
    const code = value.charCodeAt(at);
    const isToken = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2d;
    if (!isToken) return undefined;
  }
  return value.toUpperCase();
}
function begin(name: string, open: CalendarComponent[], root: CalendarComponent | undefined): CalendarComponent | undefined {
  const parent = open[open.length - 1];
  // Outside a calendar only a VCALENDAR starts one; past the depth limit nothing does.
  if (open.length >= MAX_COMPONENT_DEPTH || (!parent && (name !== 'VCALENDAR' || root))) return root;
  const component: CalendarComponent = { name, properties: [], components: [] };
  if (parent) parent.components.push(component);
  open.push(component);
  return root ?? component;
}

/** Closes the innermost open component of that name and anything left open inside it; nothing when none is open. */
function end(name: string, open: CalendarComponent[]): void {
  let index = open.length - 1;
  while (index >= 0 && open[index]?.name !== name) index--;
  if (index >= 0) open.length = index;
}

// ---- reading a component ----------------------------------------------------------------

export function firstProperty(component: CalendarComponent, name: string): ContentLine | undefined {
  for (const property of component.properties) if (property.name === name) return property;
  return undefined;
}

export function allProperties(component: CalendarComponent, name: string): ContentLine[] {
  return component.properties.filter((property) => property.name === name);
}

export function subcomponents(component: CalendarComponent, name: string): CalendarComponent[] {
  return component.components.filter((child) => child.name === name);
}
