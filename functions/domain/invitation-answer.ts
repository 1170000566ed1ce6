import { boundedText } from '../commons/bounded-text';
import { LIMITS, type Person } from './model';
import { findMentions } from './read-reply';
import { readWhen, type WhenContext, type WhenReading } from './when-text';

/**
 * The user's answer to "When is it?" or "No invitation found": the time, and optionally the length,
 * the person and the company — "Thu 4 Mar 15:00, 30 minutes, with Jane Doe <jane@example.com> from
 * Acme", or just "Thursday 3pm". Read line by line; the first line with a time wins.
 */
interface InvitationAnswer {
  when: WhenReading;
  durationMinutes?: number;
  person?: Person;
  company?: string;
}

/** An answer is a line or a few; a longer reply is read only this far. */
const MAX_LINES = 20;
const MAX_LINE_CHARS = 300;
/** A meeting longer than a working day is a typo, not an informational interview. */
const MAX_DURATION_MINUTES = 8 * 60;
const MINUTES = /(\d{1,3})\s*(?:minutes|minute|mins|min|m)\b/i;
const HOURS = /(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:hours|hour|hrs|hr|h)\b/i;
/** "from Acme", "at Acme", "company: Acme" — up to the end of the clause. */
const COMPANY = /(?:\bcompany\s*:\s*|\b(?:from|at)\s+)(\p{Lu}[^,;<>()\n]{0,99})/u;

export function readInvitationAnswer(text: string, context: WhenContext): InvitationAnswer {
  const lines = text
    .split('\n')
    .map((line) => line.trim().slice(0, MAX_LINE_CHARS))
    .filter(Boolean)
    .slice(0, MAX_LINES);
  let when: WhenReading | undefined;
  for (const line of lines) {
    // The time is what is left once the person and the length are taken out.
    const reading = readWhen(withoutPersonAndCompany(line), context);
    if (reading.ok) {
      when = reading;
      break;
    }
    if (reading.problem !== 'unreadable') when ??= reading;
  }
  when ??= readWhen('', context);
  const all = lines.join('\n');
  const durationMinutes = readDuration(all);
  const [mention] = findMentions(all);
  const company = COMPANY.exec(all.replace(/<[^<>]*>/g, ''))?.[1]
    ?.trim()
    .replace(/[.!]+$/, '');
  return {
    when,
    ...(durationMinutes ? { durationMinutes } : {}),
    ...(mention ? { person: mention } : {}),
    ...(company ? { company: boundedText(company, LIMITS.company) } : {}),
  };
}

function readDuration(text: string): number | undefined {
  const minutes = MINUTES.exec(text);
  const hours = HOURS.exec(text);
  const total = minutes ? Number(minutes[1]) : hours ? Math.round(Number(hours[1]!.replace(',', '.')) * 60) : undefined;
  return total && total > 0 && total <= MAX_DURATION_MINUTES ? total : undefined;
}

function withoutPersonAndCompany(line: string): string {
  return line
    .replace(/\bwith\b.*$/i, '')
    .replace(/<[^<>]*>/g, '')
    .replace(MINUTES, '')
    .replace(/\b(?:from|at)\s+\p{Lu}[^,;]*$/u, '');
}
