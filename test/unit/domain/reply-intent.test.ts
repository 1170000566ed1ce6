import { performance } from 'node:perf_hooks';
import { parseReply } from '../../../functions/domain/read-reply';
import { showCommand } from '../../../functions/domain/reply-commands';
import type { TokenKind } from '../../../functions/domain/reply-token';

/**
 * Replies as people write them, each with the email it answers and what it must be read as: a
 * command (by its name in docs/reply-commands.md), a note, nothing, or unclear (asked about,
 * nothing changed). The reader must get at least 95 % right and never read a destructive
 * command (cancel, no-show, delete my data) from a line that does not say it.
 */
type Expected = string;
const REPLIES: [line: string, replyingTo: TokenKind, expected: Expected][] = [
  // Thank-you sent, as people say it, in seven languages
  ['Sent it this morning.', 'thank-you', 'sent'],
  ['I sent the thank you note yesterday.', 'thank-you', 'sent'],
  ['done, sent', 'thank-you', 'sent'],
  ['Done!', 'thank-you', 'sent'],
  ['just sent it, thanks!', 'thank-you-nudge', 'sent'],
  ['Already sent it', 'thank-you-nudge', 'sent'],
  ['sent!', 'thank-you', 'sent'],
  ['Thank-you sent.', 'thank-you', 'sent'],
  ['I emailed her the thank-you an hour ago', 'thank-you', 'sent'],
  ['Sent the email to Julien this morning', 'thank-you', 'sent'],
  ['Wrote to her today', 'thank-you', 'sent'],
  ['ok sent', 'thank-you-nudge', 'sent'],
  ['Finally sent it, sorry for the delay', 'thank-you-nudge', 'sent'],
  ['Habe sie gestern geschickt.', 'thank-you', 'sent'],
  ['Schon gesendet, danke', 'thank-you-nudge', 'sent'],
  ['Ich habe die Dankesmail heute verschickt', 'thank-you', 'sent'],
  ['Erledigt', 'thank-you', 'sent'],
  ['Envoyé ce matin.', 'thank-you', 'sent'],
  ["Je l'ai envoyé hier", 'thank-you', 'sent'],
  ["C'est fait, merci", 'thank-you', 'sent'],
  ['Lo envié ayer', 'thank-you', 'sent'],
  ['Ya lo mandé, gracias', 'thank-you-nudge', 'sent'],
  ['Enviado hoy', 'thank-you', 'sent'],
  ['Enviei ontem', 'thank-you', 'sent'],
  ['Já mandei o email', 'thank-you', 'sent'],
  ['Inviato stamattina', 'thank-you', 'sent'],
  ["L'ho mandata ieri", 'thank-you', 'sent'],
  ['Verstuurd vanochtend', 'thank-you', 'sent'],
  ['Heb hem gisteren gestuurd', 'thank-you', 'sent'],
  ['Net verstuurd, bedankt', 'thank-you-nudge', 'sent'],
  // Not sent: negation and plans
  ['not sent yet', 'thank-you-nudge', 'nothing'],
  ["Haven't sent it yet", 'thank-you-nudge', 'nothing'],
  ['noch nicht gesendet', 'thank-you-nudge', 'nothing'],
  ['pas encore envoyé', 'thank-you-nudge', 'nothing'],
  ['todavía no lo he enviado', 'thank-you-nudge', 'nothing'],
  ['ainda não enviei', 'thank-you-nudge', 'nothing'],
  ['non ancora inviato', 'thank-you-nudge', 'nothing'],
  ['nog niet verstuurd', 'thank-you-nudge', 'nothing'],
  ["I'll send it tomorrow", 'thank-you-nudge', 'note'],
  ['Will send it tonight', 'thank-you', 'note'],
  ['Should I send it today?', 'thank-you', 'unclear'],
  // Sending something else is a note
  ['I sent her my CV last week and she liked it.', 'thank-you', 'note'],
  ['I sent him my portfolio link', 'prep-brief', 'note'],
  ['She sent me a list of books to read', 'thank-you', 'note'],
  ['Ich habe ihr meinen Lebenslauf geschickt', 'thank-you', 'note'],
  ['Je lui ai envoyé mon CV', 'thank-you', 'note'],
  ['Le envié mi currículum', 'thank-you', 'note'],
  // "sent" on any email about the interview is the thank-you, as the bare command is
  ['Sent it', 'confirmation', 'sent'],
  ['sent the email', 'prep-brief', 'sent'],
  // Cancel
  ['She cancelled.', 'confirmation', 'cancel'],
  ['cancelled, sorry', 'prep-brief', 'cancel'],
  ['the call was called off', 'confirmation', 'cancel'],
  ['Julien cancelled it', 'confirmation', 'cancel'],
  ['It got cancelled unfortunately', 'prep-brief', 'cancel'],
  ['Abgesagt.', 'confirmation', 'cancel'],
  ['Sie hat den Termin abgesagt', 'confirmation', 'cancel'],
  ['Le rendez-vous est annulé', 'confirmation', 'cancel'],
  ['Elle a annulé', 'prep-brief', 'cancel'],
  ['Cancelado, lo siento', 'confirmation', 'cancel'],
  ['Ella canceló la reunión', 'confirmation', 'cancel'],
  ['A reunião foi cancelada', 'confirmation', 'cancel'],
  ['Ele desmarcou', 'prep-brief', 'cancel'],
  ["L'incontro è stato annullato", 'confirmation', 'cancel'],
  ['Lei ha annullato', 'prep-brief', 'cancel'],
  ['De afspraak is geannuleerd', 'confirmation', 'cancel'],
  ['Ze heeft afgezegd', 'prep-brief', 'cancel'],
  // Not a cancel
  ["don't cancel", 'confirmation', 'nothing'],
  ['not cancelled, just late', 'confirmation', 'note'],
  ['They cancelled the hiring freeze in spring.', 'thank-you', 'note'],
  ['She had to cancel her trip to Berlin', 'thank-you', 'note'],
  ['We talked about how they cancelled the project last year', 'thank-you', 'note'],
  ['Should I cancel?', 'prep-brief', 'unclear'],
  ['Maybe cancel', 'prep-brief', 'unclear'],
  ['I might have to cancel', 'prep-brief', 'unclear'],
  ['Nicht absagen!', 'confirmation', 'nothing'],
  ["N'annule pas", 'confirmation', 'nothing'],
  ['No canceles', 'confirmation', 'note'],
  ['The cancel button in their app is hard to find', 'thank-you', 'note'],
  ['Her team cancelled the Friday standups', 'thank-you', 'note'],
  // Reschedule
  ['Moved to Friday at 10', 'confirmation', 'reschedule'],
  ['Julien moved it to Thursday 11 March at 4pm.', 'confirmation', 'reschedule'],
  ['She pushed it back to next Thursday 4pm', 'prep-brief', 'reschedule'],
  ['We moved it to Thu 4 Mar 15:00.', 'confirmation', 'reschedule'],
  ['It was postponed to next Monday 9:30', 'confirmation', 'reschedule'],
  ['rescheduled to Wednesday 2pm', 'prep-brief', 'reschedule'],
  ['Verschoben auf Freitag 10 Uhr', 'confirmation', 'reschedule'],
  ['Sie hat es auf Donnerstag 15 Uhr verlegt', 'confirmation', 'reschedule'],
  ['Reporté à jeudi 15h', 'confirmation', 'reschedule'],
  ['On a décalé à vendredi 10h', 'confirmation', 'reschedule'],
  ['Lo movimos al viernes a las 10', 'confirmation', 'reschedule'],
  ['Aplazado al jueves a las 16:00', 'confirmation', 'reschedule'],
  ['Remarcado para sexta às 10h', 'confirmation', 'reschedule'],
  ['Spostato a venerdì alle 10', 'confirmation', 'reschedule'],
  ['Verplaatst naar vrijdag 10:00', 'confirmation', 'reschedule'],
  ['can we do Friday at 10 instead?', 'confirmation', 'unclear'],
  ['Could we move it to Thursday 3pm?', 'prep-brief', 'unclear'],
  ['She moved it', 'confirmation', 'unclear'],
  ['The team moved to a new office.', 'thank-you', 'note'],
  ['They moved to Lisbon last year', 'thank-you', 'note'],
  ['not moved, still Tuesday', 'confirmation', 'nothing'],
  // Done, met, no-show
  ['we met today', 'confirmation', 'done'],
  ['It happened, went well', 'prep-brief', 'done'],
  ['Done', 'prep-brief', 'done'],
  ['Wir haben uns heute getroffen', 'prep-brief', 'done'],
  ['Done is better than perfect, she said.', 'thank-you', 'note'],
  ["she didn't show up", 'prep-brief', 'no-show'],
  ['He never showed', 'prep-brief', 'no-show'],
  ['no-show', 'prep-brief', 'no-show'],
  ['Sie ist nicht erschienen', 'prep-brief', 'no-show'],
  ["Il n'est pas venu", 'prep-brief', 'no-show'],
  ['No apareció', 'prep-brief', 'no-show'],
  ['Ele não apareceu', 'prep-brief', 'no-show'],
  ['Non si è presentato', 'prep-brief', 'no-show'],
  ['Ze is niet komen opdagen', 'prep-brief', 'note'],
  ['She showed up late but it was great', 'thank-you', 'note'],
  ['I almost didn’t show up to my first job interview there', 'thank-you', 'note'],
  // Keep in touch and referrals: the person the email is about
  ['wrote to her today', 'keep-in-touch', 'done'],
  ['Sent him a note yesterday', 'keep-in-touch', 'done'],
  ['Done', 'keep-in-touch', 'done'],
  ['Habe ihr heute geschrieben', 'keep-in-touch', 'done'],
  ['Je lui ai écrit hier', 'keep-in-touch', 'done'],
  ['we met last week', 'referral', 'met'],
  ['intro sent', 'referral', 'intro sent'],
  ['not pursuing', 'referral', 'not pursuing'],
  ['snooze 2 weeks', 'keep-in-touch', 'snooze'],
  ['1 sent', 'digest', 'done'],
  ['#1 not pursuing', 'digest', 'not pursuing'],
  ['2 done', 'digest', 'done'],
  ['3 snooze 2 weeks', 'digest', 'snooze'],
  ['4 intro sent', 'digest', 'intro sent'],
  // Every command in its own form
  ['sent', 'thank-you', 'sent'],
  ['cancel', 'confirmation', 'cancel'],
  ['reschedule Thu 3 pm', 'confirmation', 'reschedule'],
  ['done', 'confirmation', 'done'],
  ['no show', 'prep-brief', 'no-show'],
  ['company: Acme Robotics', 'confirmation', 'company'],
  ['Role: Staff Engineer', 'confirmation', 'role'],
  ['contact: Jane Doe <jane@acme.com>', 'confirmation', 'contact'],
  ['referral: Bob Lee <bob@lee.io> — runs the data team', 'thank-you', 'referral'],
  ['she referred me to Dana Smith <dana@acme.io>', 'thank-you', 'referral'],
  ['pitch: I build robots that pick strawberries', 'confirmation', 'pitch'],
  ['timezone: Europe/Berlin', 'confirmation', 'timezone'],
  ['digest: monday 08:00', 'digest', 'digest'],
  ['digest: off', 'digest', 'digest'],
  ['name: Alex', 'confirmation', 'name'],
  ['thank-you tone: brief', 'thank-you', 'thank-you tone'],
  ['delete my data', 'confirmation', 'delete my data'],
  ['touched: Priya', 'keep-in-touch', 'touched'],
  ['follow up in 6 months', 'keep-in-touch', 'follow up'],
  ['no follow-up', 'keep-in-touch', 'no follow-up'],
  ['list', 'confirmation', 'list'],
  ['contacts', 'digest', 'contacts'],
  ['export', 'confirmation', 'export'],
  // Nothing: greetings, thanks, sign-offs, the signature
  ['Hi,', 'thank-you', 'nothing'],
  ['Thanks', 'thank-you', 'nothing'],
  ['Thank you so much!', 'confirmation', 'nothing'],
  ['Best regards', 'thank-you', 'nothing'],
  ['Hi Alex,', 'thank-you', 'nothing'],
  ['ok', 'confirmation', 'nothing'],
  ['Sounds good', 'confirmation', 'nothing'],
  ['Hallo,', 'thank-you', 'nothing'],
  ['Viele Grüße', 'thank-you', 'nothing'],
  ['Bonjour,', 'thank-you', 'nothing'],
  ['Cordialement', 'thank-you', 'nothing'],
  ['Merci beaucoup !', 'thank-you', 'nothing'],
  ['Hola', 'thank-you', 'nothing'],
  ['Saludos', 'thank-you', 'nothing'],
  ['Obrigado!', 'thank-you', 'nothing'],
  ['Grazie mille', 'thank-you', 'nothing'],
  ['Met vriendelijke groet', 'thank-you', 'nothing'],
  ['Cheers', 'thank-you', 'nothing'],
  // Notes that merely mention a command word
  ['She said the done thing is to send a short thank-you within a day', 'thank-you', 'note'],
  ['Her advice: never cancel on a hiring manager', 'thank-you', 'note'],
  ['They reschedule sprints every quarter', 'thank-you', 'note'],
  ['She mentioned the company moved its HQ', 'thank-you', 'note'],
  ['Hardware background is a big plus for their AMR team', 'thank-you', 'note'],
  ['She recommended the book Inspired', 'thank-you', 'note'],
  ['Ask about the export controls on their sensors', 'prep-brief', 'note'],
  ['Sie meinte, Hardware-Erfahrung ist ein großes Plus', 'thank-you', 'note'],
  ["Elle m'a conseillé de lire Inspired", 'thank-you', 'note'],
  ['Me recomendó hablar con el equipo de datos', 'thank-you', 'note'],
];

const DESTRUCTIVE = new Set(['cancel', 'no-show', 'delete my data']);

function outcome(line: string, replyingTo: TokenKind): string {
  const parsed = parseReply(line, { replyingTo });
  if (parsed.commands.length > 0) return parsed.commands.map((command) => showCommand(command).command).join(' + ');
  if (parsed.unclear.length > 0) return 'unclear';
  if (parsed.note) return 'note';
  return parsed.problems.length > 0 ? 'problem' : 'nothing';
}

const results = REPLIES.map(([line, replyingTo, expected]) => ({ line, replyingTo, expected, got: outcome(line, replyingTo) }));

test('the reply set is large and covers every language and outcome', () => {
  expect(REPLIES.length).toBeGreaterThanOrEqual(150);
  expect(new Set(REPLIES.map(([, , expected]) => expected))).toEqual(
    new Set([
      ...['sent', 'cancel', 'reschedule', 'done', 'no-show', 'company', 'role', 'contact', 'referral', 'pitch', 'timezone'],
      ...['digest', 'name', 'thank-you tone', 'delete my data', 'touched', 'follow up', 'no follow-up', 'snooze', 'intro sent', 'met'],
      ...['not pursuing', 'list', 'contacts', 'export', 'note', 'nothing', 'unclear'],
    ]),
  );
});

test('at least 95 % of the replies are read as meant', () => {
  const misread = results.filter((result) => result.got !== result.expected);
  const share = (REPLIES.length - misread.length) / REPLIES.length;
  expect({ share: share >= 0.95, misread }).toEqual({ share: true, misread: expect.any(Array) });
});

test('no line is read as a destructive command it does not say', () => {
  const destructive = results.filter((result) => DESTRUCTIVE.has(result.got) && result.got !== result.expected);
  expect(destructive).toEqual([]);
});

test('a hostile reply of long lines and many clauses is read in linear time', () => {
  const lines = [
    `${'Hi Alex, '.repeat(20_000)}`,
    `${'a '.repeat(50_000)}Z`,
    `sent, ${'and '.repeat(30_000)}`,
    ...Array.from({ length: 2_000 }, () => 'she cancelled, sorry, moved to Friday 10 instead? not sent yet'),
  ].join('\n');
  const started = performance.now();
  const parsed = parseReply(lines, { replyingTo: 'thank-you' });
  expect(performance.now() - started).toBeLessThan(3_000);
  expect(parsed.commands.filter((command) => command.type === 'cancel')).toEqual([]);
});
