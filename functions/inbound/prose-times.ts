/**
 * Times written in running text rather than after a "When:" label: "scheduled for this Wednesday
 * August 17 at 10:00am PDT", "**20 March 2021 16:00 UTC**", a subject "GUI Design Work Group -
 * Wednesday, 2/3/21 at 10:00 AM Central". inbound-email cannot read them (it does not carry
 * chrono), so it picks out the few lines that hold a clock time and a day, and queues them like
 * labelled times; process-inbound reads them (inbound/text-invitation-times.ts). Every pattern
 * here is a flat alternation over a bounded line, so the work stays linear in untrusted text.
 */

/** Lines of a body looked at: scheduling sits at the top of a message, never under a long thread. */
const MAX_PROSE_LINES = 200;
/** Characters of one line looked at; a sentence that names a time is far shorter. */
const MAX_LINE_CHARS = 300;

/** 10am, 10:00 AM, 2 p.m., 15:00, 14h30, 14.30 Uhr, 9 Uhr. */
const CLOCK_TIME = /\b\d{1,2}(?::\d{2})?\s?(?:[ap]\.?m\b\.?)|\b(?:[01]?\d|2[0-3])[:h]\d{2}\b|\b\d{1,2}(?:[.:]\d{2})?\s?uhr\b|\b\d{1,2}h\b/i;

/** What makes the time a day's: a weekday, a month, a numeric date, or a relative day, in the languages Rapport reads. */
const DAY_WORD = new RegExp(
  [
    // English, German, French, Spanish, Portuguese, Italian, Dutch weekdays (and their short forms)
    String.raw`\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\b`,
    String.raw`\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\b`,
    String.raw`\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b`,
    String.raw`\b(?:lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo)\b`,
    String.raw`\b(?:segunda|terça|terca|quarta|quinta|sexta)(?:-feira)?\b`,
    String.raw`\b(?:lunedì|lunedi|martedì|martedi|mercoledì|mercoledi|giovedì|giovedi|venerdì|venerdi|sabato|domenica)\b`,
    String.raw`\b(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b`,
    // months
    String.raw`\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b`,
    String.raw`\b(?:januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)\b`,
    String.raw`\b(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro)\b`,
    String.raw`\b(?:gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|januari|februari|maart|mei|augustus)\b`,
    // numeric and ISO dates
    String.raw`\b\d{1,2}[/.]\d{1,2}\b|\b\d{4}-\d{2}-\d{2}\b`,
    // relative days
    String.raw`\b(?:today|tomorrow|tonight|heute|morgen|übermorgen|aujourd'hui|demain|hoy|mañana|hoje|amanhã|amanha|oggi|domani|vandaag)\b`,
  ].join('|'),
  'i',
);

/**
 * A line that quotes when a message was written rather than when the meeting is: a forward's or
 * reply's header ("Date: …", "Sent: …") or an attribution ("On Tue, 3 Dec 2024 at 15:00, Jane wrote:").
 */
const HEADER_LINE =
  /^[\s>*]*(?:date|sent|datum|gesendet|envoyé|enviado|inviato|verzonden|data|fecha|received|posted)\s*:|(?:wrote|schrieb|a écrit|escribió|escreveu|ha scritto|schreef)\s*:\s*$/i;

const URL = /\bhttps?:\/\/\S+/gi;

/**
 * The lines of a body that name a day and a clock time, in order, then the subject when it does:
 * at most `max`, each cut to `maxChars`. A line with a time but no day is read together with the
 * line before it ("Wednesday, June 9" / "10:00 AM CST").
 */
export function proseTimeCandidates(subject: string | undefined, lines: readonly string[], max: number, maxChars: number): string[] {
  const found: string[] = [];
  const add = (text: string) => {
    const value = text.replace(/\s+/g, ' ').trim().slice(0, maxChars);
    if (value && !found.includes(value)) found.push(value);
  };
  let previous = '';
  for (const raw of lines.slice(0, MAX_PROSE_LINES)) {
    if (found.length >= max) break;
    const line = raw.slice(0, MAX_LINE_CHARS).replace(URL, ' ');
    if (HEADER_LINE.test(line) || /^\s*>/.test(line)) {
      previous = '';
      continue;
    }
    if (CLOCK_TIME.test(line)) {
      if (DAY_WORD.test(line)) add(line);
      else if (DAY_WORD.test(previous)) add(`${previous} ${line}`);
    }
    if (line.trim()) previous = line;
  }
  const subjectLine = subject?.slice(0, MAX_LINE_CHARS);
  if (found.length < max && subjectLine && CLOCK_TIME.test(subjectLine) && DAY_WORD.test(subjectLine)) add(subjectLine);
  return found;
}

/**
 * A subject that names the meeting and then its time ("Security Working Group meeting - Wednesday
 * August 17", "GUI Design Work Group - Wednesday, 2/3/21 at 10:00 AM Central") → the meeting's name.
 */
export function withoutTrailingWhen(title: string): string {
  const dash = /\s[-–—|]\s/g;
  let cut = -1;
  for (const match of title.matchAll(dash)) cut = match.index;
  if (cut <= 0) return title;
  const tail = title.slice(cut + 3);
  return DAY_WORD.test(tail) || CLOCK_TIME.test(tail) ? title.slice(0, cut).trim() : title;
}
