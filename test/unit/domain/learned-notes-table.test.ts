import type { Interview, Note } from '../../../functions/domain/model';
import { parseReply } from '../../../functions/domain/read-reply';
import { extractReplyText } from '../../../functions/inbound/reply-text';
import { BLANK_INSIGHT, thankYouDraft } from '../../../functions/domain/thank-you-draft';

/**
 * Issue 12's table: replies as people write them — before and after the meeting, first and third
 * person, corrections and commands mixed in, quote headers and signatures of several languages
 * around them — read as Rapport reads them (reply text, then commands), and the sentence of the
 * thank-you draft each one leads to.
 */
const interview: Pick<Interview, 'contact' | 'company' | 'role' | 'startUtc'> = {
  contact: { name: 'Jane Doe', email: 'jane@acme.com' },
  company: 'Acme',
  role: 'Product Manager',
  startUtc: '2027-03-02T14:00:00Z',
};
const BEFORE = '2027-03-01T18:00:00Z';
const AFTER = '2027-03-02T15:30:00Z';
const BLANK = `I especially appreciated what you said about ${BLANK_INSIGHT}.`;

const EN_QUOTE =
  '\nOn Tue, 2 Mar 2027 at 16:00, Rapport <reply+abc@rapport.localhost> wrote:\n> Thank-you draft for Jane Doe\n> Reply with notes';
const DE_QUOTE = '\nAm 02.03.2027 um 16:00 schrieb Rapport <reply+abc@rapport.localhost>:\n> Thank-you draft';
const FR_QUOTE = '\nLe mar. 2 mars 2027 à 16:00, Rapport <reply+abc@rapport.localhost> a écrit :\n> Thank-you draft';
const ES_QUOTE = '\nEl mar, 2 mar 2027 a las 16:00, Rapport (<reply+abc@rapport.localhost>) escribió:\n> Thank-you draft';
const NL_QUOTE = '\nOp di 2 mrt 2027 om 16:00 schreef Rapport <reply+abc@rapport.localhost>:\n> Thank-you draft';
const OUTLOOK_QUOTE =
  '\n________________________________\nFrom: Rapport <reply+abc@rapport.localhost>\nSent: Tuesday, March 2, 2027 4:00 PM\nTo: Alex <alex@example.org>\nSubject: Thank-you draft for Jane Doe\n\nSay thank you to Jane Doe';

/** [what the user replied, when, the draft's sentence about what they learned] */
const TABLE: ReadonlyArray<[string, string, string]> = [
  ['She said the team hires in spring.', AFTER, 'I especially appreciated what you said about the team hiring in spring.'],
  [`She said the team hires in spring.${EN_QUOTE}`, AFTER, 'I especially appreciated what you said about the team hiring in spring.'],
  ['Want to ask about the hardware PM path.', BEFORE, BLANK],
  ['Want to ask about the hardware PM path.', AFTER, BLANK],
  ['Quick correction: she is actually Director of Product.', AFTER, BLANK],
  [
    `sent\nShe said her team ships firmware every 6 weeks.${DE_QUOTE}`,
    AFTER,
    'I especially appreciated what you said about how your team ships firmware every 6 weeks.',
  ],
  [
    `She recommended I take the Reforge growth course.\n\nVon meinem iPhone gesendet${DE_QUOTE}`,
    AFTER,
    'I especially appreciated your advice to take the Reforge growth course.',
  ],
  [
    `Key takeaway: the hardware PM path starts in supply chain.\n\nEnvoyé de mon iPhone${FR_QUOTE}`,
    AFTER,
    'I especially appreciated what you said about the hardware PM path starting in supply chain.',
  ],
  [
    `Advice: build two case studies before applying.\n\nEnviado desde mi iPhone${ES_QUOTE}`,
    AFTER,
    'I especially appreciated your advice to build two case studies before applying.',
  ],
  [
    `I learned that Acme ships firmware every 6 weeks.${NL_QUOTE}`,
    AFTER,
    'I especially appreciated what you said about how Acme ships firmware every 6 weeks.',
  ],
  [
    'He mentioned that most PMs there started as engineers.',
    AFTER,
    'I especially appreciated what you said about how most PMs there started as engineers.',
  ],
  [
    'She thinks the MBA is not needed for PM roles at Stripe.',
    AFTER,
    'I especially appreciated what you said about how the MBA is not needed for PM roles at Stripe.',
  ],
  ['Great chat!', AFTER, BLANK],
  ['She suggested I talk to Dana Kim <dana@kim.io>.', AFTER, BLANK],
  ['She’ll also put me in touch with Luis Ortega from the platform team.', AFTER, BLANK],
  [
    'She said the robotics team hires in spring and values customer visits.',
    AFTER,
    'I especially appreciated what you said about how the robotics team hires in spring and values customer visits.',
  ],
  ['role: Director of Product\ncompany: Acme Robotics', AFTER, BLANK],
  ['Running late, moved the call to 15:30.', AFTER, BLANK],
  ['Her Zoom link did not work, we used the phone.', AFTER, BLANK],
  [`Thanks!\n\n-- \nAlex Kim\nData Analyst | +1 555 0100${EN_QUOTE}`, AFTER, BLANK],
  ['Questions: how do PMs at Acme split time between customers and engineers?', BEFORE, BLANK],
  ['Remember to ask about the PM rotation program.', BEFORE, BLANK],
  ['She said the team hires in spring.', BEFORE, BLANK],
  ['> She said the team hires in spring.\nok', AFTER, BLANK],
  ['Interesting stuff, lots of good advice.', AFTER, BLANK],
  [`Sorry, I meant the design team, not the PM team.${EN_QUOTE}`, AFTER, BLANK],
  [
    'She explained that Acme runs quarterly planning with every PM in the room.',
    AFTER,
    'I especially appreciated what you said about how Acme runs quarterly planning with every PM in the room.',
  ],
  [
    `done\nShe pointed out that her first 90 days were mostly listening to customers.${OUTLOOK_QUOTE}`,
    AFTER,
    'I especially appreciated what you said about how your first 90 days were mostly listening to customers.',
  ],
  [
    'He told me his manager promoted him after he shipped the pricing page redesign.',
    AFTER,
    'I especially appreciated what you said about how your manager promoted you after you shipped the pricing page redesign.',
  ],
  [
    'Lesson: PM interviews at Acme include a 45 minute product critique.',
    AFTER,
    'I especially appreciated what you said about how PM interviews at Acme include a 45 minute product critique.',
  ],
  [
    'Tip: read the Acme engineering blog before any interview.',
    AFTER,
    'I especially appreciated your advice to read the Acme engineering blog before any interview.',
  ],
  ['She suggested we meet again in June, and I should learn SQL first.', BEFORE, BLANK],
  [
    'She suggested that I join the Women in Product Slack group.',
    AFTER,
    'I especially appreciated your advice to join the Women in Product Slack group.',
  ],
  [
    'Great call.\nShe said the team hires 12 PMs every spring.\nShe explained that Acme runs quarterly planning with every PM in the room.',
    AFTER,
    'I especially appreciated what you said about the team hiring 12 PMs every spring, and about how Acme runs quarterly planning with every PM in the room.',
  ],
  [
    'She said the team hires in spring and offered to introduce me to Dana Kim <dana@acme.io>.',
    AFTER,
    'I especially appreciated what you said about the team hiring in spring.',
  ],
  [
    'He explained that launches slip twice a year, and he also offered to connect me with their recruiter.',
    AFTER,
    'I especially appreciated what you said about how launches slip twice a year.',
  ],
  [
    'timezone: Europe/Berlin\nShe said the onboarding lasts 6 weeks in Berlin.',
    AFTER,
    'I especially appreciated what you said about the onboarding lasting 6 weeks in Berlin.',
  ],
];

function draftSentence(reply: string, createdAt: string): string {
  const parsed = parseReply(extractReplyText(reply));
  const notes: Note[] = parsed.note.trim() ? [{ userId: 'u', interviewId: 'i', createdAt, text: parsed.note }] : [];
  const draft = thankYouDraft({ user: { name: 'Alex Kim' }, interview, notes });
  return draft.paragraphs[2]!;
}

describe('the thank-you draft says back what was learned, and only that', () => {
  it('has at least 30 rows', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
  });

  it.each(TABLE)('%j (%s) → %s', (reply, createdAt, expected) => {
    expect(draftSentence(reply, createdAt)).toBe(expected);
  });
});
