import type { Interview, Person } from '../domain/model';
import { TIME_RULES } from '../domain/time-rules';
import { formatAllDay, formatDuration, formatRange, formatRangeElsewhere } from '../commons/format-time';
import { fillTemplates, type CompiledEmail } from './template-engine';
import { truncate } from '../commons/bounded-text';
import { displayName, present, safeHttpUrl, subjectLine } from '../domain/display-text';

/**
 * What every email kind shares: the brand, the fields every template fills, and how an
 * interview is described (rows, phrase, times, links). Values that came from an email are
 * bounded and flattened here and escaped by the HTML templates; times are computed from UTC and
 * shown in the user's zone with the zone named.
 */

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Shared by every renderer's input. */
export interface BrandInput {
  /** Rapport's mail domain: the footer names `log@` and `help@` there. Without it the footer leaves them out. */
  domain?: string;
  /** Defaults to "Rapport". */
  appName?: string;
}

const DEFAULT_APP_NAME = 'Rapport';
/** Display bounds: long enough for any real name, short enough to keep a heading on a phone screen. */
export const SHORT = 80;
export const LONG = 300;

export interface Row {
  label: string;
  value: string;
  href?: string;
  /** The row in the plain-text twin, link written out. */
  plain: string;
}

export interface Command {
  command: string;
  meaning: string;
}

export interface Numbered {
  number: number;
  text: string;
}

/** The addresses are empty without a domain; the footer is then minimal and never shows them. */
export interface AppView {
  name: string;
  logAddress: string;
  helpAddress: string;
}

/** The fields every template fills (header, footer). */
export interface BaseView {
  app: AppView;
  subject: string;
  preheader: string;
  kicker: string;
  heading: string;
  intro: string;
  footerNote: string;
  minimalFooter: boolean;
}

export function appView(brand: BrandInput): AppView {
  const name = present(brand.appName, 40) ?? DEFAULT_APP_NAME;
  const domain = present(brand.domain, 200);
  // A domain without addresses would leave a dangling sentence in the footer; the template drops it.
  return domain ? { name, logAddress: `log@${domain}`, helpAddress: `help@${domain}` } : { name, logAddress: '', helpAddress: '' };
}

/** Fills a kind's compiled template with its view: the subject made one bounded line, the footer minimal without addresses. */
export function renderEmail<View extends BaseView>(compiled: CompiledEmail, view: View): RenderedEmail {
  const subject = subjectLine(view.subject);
  const filled: View = { ...view, subject, minimalFooter: view.minimalFooter || !view.app.helpAddress };
  return { subject, ...fillTemplates(compiled, filled) };
}

export function row(label: string, value: string, href?: string): Row {
  return href ? { label, value, href, plain: value === href ? value : `${value} <${href}>` } : { label, value, plain: value };
}

/** A draft (thank-you, keep-in-touch, introduction request) with its paragraphs as draftView gives them. */
export type ShownDraft<Draft extends { paragraphs: readonly string[] }> = Omit<Draft, 'paragraphs'> & {
  paragraphs: Array<{ lines: string[] }>;
};

/**
 * A draft as the templates show it: each paragraph as its lines, which the HTML joins with <br>
 * (a line break in a paragraph would otherwise collapse) and the text keeps as they are.
 */
export function draftView<Draft extends { paragraphs: readonly string[] }>(draft: Draft): ShownDraft<Draft> {
  return { ...draft, paragraphs: draft.paragraphs.map((paragraph) => ({ lines: paragraph.split('\n') })) };
}

export function numbered(items: readonly string[]): Numbered[] {
  return items.map((text, index) => ({ number: index + 1, text }));
}

export function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** When the prep brief comes, from the domain's rule: "the day before" (or "a day before"), "2 days before". */
export function prepBriefLead(article: 'a' | 'the'): string {
  const days = TIME_RULES.prepBriefDaysBefore;
  return days === 1 ? `${article} day before` : `${days} days before`;
}

export function footerForReminders(appName: string): string {
  return `Replies to this email go to ${appName} and are saved as notes on this conversation.`;
}

// ---------------------------------------------------------------------------------------------
// Describing an interview

/** "Jane Doe", or her address when the name is unknown. */
export function contactLabel(contact: Person | undefined): string | undefined {
  return displayName(contact?.name, SHORT) ?? contact?.email;
}

/** What kind of meeting the title suggests: "coffee chat", "call", "lunch", or plain "chat". */
export function meetingNoun(interview: Pick<Interview, 'title' | 'videoUrl'>): string {
  const title = interview.title;
  if (/coffee|caf[eé]/i.test(title)) return 'coffee chat';
  if (/lunch/i.test(title)) return 'lunch';
  if (/breakfast/i.test(title)) return 'breakfast';
  if (/\b(call|phone|zoom|teams|meet|video)\b/i.test(title) || interview.videoUrl) return 'call';
  return 'chat';
}

/** "coffee chat with Jane Doe (Acme)", "chat at Acme", or the invitation's own title. */
export function meetingPhrase(interview: Pick<Interview, 'title' | 'videoUrl' | 'contact' | 'company'>): string {
  const noun = meetingNoun(interview);
  const who = contactLabel(interview.contact);
  const company = present(interview.company, SHORT);
  if (who) return `${noun} with ${who}${company ? ` (${company})` : ''}`;
  if (company) return `${noun} at ${company}`;
  const title = present(interview.title, SHORT);
  return title ? `“${title}”` : 'informational interview';
}

/** The link to join, when there is one: the video URL, or a location that is itself a web address. */
export function joinLink(interview: Pick<Interview, 'videoUrl' | 'location'>): string | undefined {
  return safeHttpUrl(interview.videoUrl) ?? safeHttpUrl(interview.location);
}

/** A long meeting URL shown as host and the start of its path; the link itself stays whole. */
function shortUrl(url: string): string {
  const parsed = new URL(url);
  return truncate(`${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`, 48);
}

export function whenText(interview: Pick<Interview, 'startUtc' | 'endUtc' | 'allDay'>, zone: string): string {
  return interview.allDay ? formatAllDay(interview.startUtc, zone) : formatRange(interview.startUtc, interview.endUtc, zone);
}

/** The invitation's own zone, when it shows a different clock time from the user's. */
function elsewhereText(interview: Interview, zone: string): string | undefined {
  const other = interview.eventTimeZone;
  if (!other || other === zone || interview.allDay) return undefined;
  return formatRangeElsewhere(interview.startUtc, interview.endUtc, other, zone);
}

function whoRow(interview: Interview, showMissing: boolean): Row | undefined {
  const contactName = displayName(interview.contact?.name, LONG);
  const contactEmail = interview.contact?.email;
  if (contactName || contactEmail) {
    return row('With', contactName && contactEmail ? `${contactName} (${contactEmail})` : (contactName ?? contactEmail ?? ''));
  }
  return showMissing ? row('With', 'Not sure yet — reply “contact: Name <email>”') : undefined;
}

function whereRows(interview: Interview): Row[] {
  const rows: Row[] = [];
  const join = joinLink(interview);
  const location = present(interview.location, LONG);
  if (location && !(join && safeHttpUrl(location) === join)) rows.push(row('Where', location));
  if (join) rows.push(row('Join link', shortUrl(join), join));
  else if (interview.videoUrl && interview.videoUrl !== interview.location) {
    // Not a web link we would put in an href (e.g. `javascript:`): shown as text, never linked.
    rows.push(row('Join link', present(interview.videoUrl, LONG) ?? ''));
  }
  return rows;
}

/** A panel's other people, beyond the contact: names (or addresses), the first few and a count. */
const MAX_ALSO_THERE = 5;
function alsoThere(interview: Interview, userEmail: string): string | undefined {
  const skip = new Set([interview.contact?.email, userEmail.toLowerCase()]);
  const others = interview.attendees.filter((p) => !skip.has(p.email)).map((p) => contactLabel(p) ?? p.email);
  if (others.length === 0) return undefined;
  const shown = others.slice(0, MAX_ALSO_THERE).join(', ');
  return others.length > MAX_ALSO_THERE ? `${shown} and ${others.length - MAX_ALSO_THERE} more` : shown;
}

/** What, with whom, where and when: the details block of the confirmation and the prep brief. */
export function interviewRows(interview: Interview, zone: string, options: { showMissing: boolean; userEmail: string }): Row[] {
  const rows: Row[] = [];
  const title = present(interview.title, LONG);
  if (title) rows.push(row('What', title));
  const who = whoRow(interview, options.showMissing);
  if (who) rows.push(who);
  const others = alsoThere(interview, options.userEmail);
  if (others) rows.push(row('Also there', others));
  const company = present(interview.company, LONG);
  if (company) rows.push(row('Company', company));
  else if (options.showMissing) rows.push(row('Company', 'Not sure yet — reply “company: …”'));
  const role = present(interview.role, LONG);
  if (role) rows.push(row('Their role', role));
  rows.push(row('When', whenText(interview, zone)));
  const elsewhere = elsewhereText(interview, zone);
  if (elsewhere) rows.push(row('Invitation’s time', elsewhere));
  const duration = interview.allDay ? '' : formatDuration(interview.startUtc, interview.endUtc);
  if (duration) rows.push(row('Length', duration));
  rows.push(...whereRows(interview));
  return rows;
}
