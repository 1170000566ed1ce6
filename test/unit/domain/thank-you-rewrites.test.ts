import type { Interview, Note } from '../../../functions/domain/model';
import { inTheirWords, REPHRASE_MARK, toSecondPerson } from '../../../functions/domain/learned';
import { parseReply } from '../../../functions/domain/read-reply';
import { thankYouDraft } from '../../../functions/domain/thank-you-draft';

/**
 * Thank-you drafts in good English: 30 notes as people write them after a conversation, and the
 * exact sentence of the draft each leads to. Every rewrite of the closed set (domain/learned.ts)
 * is here — "she said X" → "what you said about X", advice, a thing recommended, an offer, a
 * takeaway, two sayings in one sentence — and so are the notes no rewrite applies to (quoted in
 * the user's words, marked to rephrase) and the notes about the user's own actions (not learned).
 */
const interview: Pick<Interview, 'contact' | 'company' | 'role' | 'startUtc'> = {
  contact: { name: 'Jane Doe', email: 'jane@acme.com' },
  company: 'Acme',
  role: 'Product Manager',
  startUtc: '2027-03-02T14:00:00Z',
};

const DRAFTS: ReadonlyArray<[note: string, sentence: string]> = [
  [
    'She recommended the "Inspired" book by Marty Cagan and said hardware background is a big plus for their AMR team.',
    'I especially appreciated your recommendation of the "Inspired" book by Marty Cagan, and what you said about how hardware background is a big plus for their AMR team.',
  ],
  ['She said the team hires in spring.', 'I especially appreciated what you said about the team hiring in spring.'],
  [
    'He mentioned that most PMs there started as engineers.',
    'I especially appreciated what you said about how most PMs there started as engineers.',
  ],
  [
    'She recommended reading the Shape Up book before applying.',
    'I especially appreciated your advice about reading the Shape Up book before applying.',
  ],
  [
    'She suggested I build a small robotics demo for my portfolio.',
    'I especially appreciated your advice to build a small robotics demo for my portfolio.',
  ],
  [
    'She advised me to talk to customers before writing any spec.',
    'I especially appreciated your advice to talk to customers before writing any spec.',
  ],
  [
    'He said their roadmap is planned in six-week cycles.',
    'I especially appreciated what you said about how their roadmap is planned in six-week cycles.',
  ],
  [
    'Key takeaway: the AMR team values field experience over degrees.',
    'I especially appreciated what you said about how the AMR team values field experience over degrees.',
  ],
  [
    'I learned that Acme runs its own test warehouse in Leipzig.',
    'I especially appreciated what you said about how Acme runs its own test warehouse in Leipzig.',
  ],
  [
    'She told me the interview loop has four rounds, including a case study.',
    'I especially appreciated what you said about how the interview loop has four rounds, including a case study.',
  ],
  [
    'He explained that the data team moved to Snowflake last year.',
    'I especially appreciated what you said about how the data team moved to Snowflake last year.',
  ],
  [
    'She thinks the market for warehouse robots will double by 2030.',
    'I especially appreciated what you said about how the market for warehouse robots will double by 2030.',
  ],
  [
    'Advice: keep the portfolio to three strong projects.',
    'I especially appreciated your advice to keep the portfolio to three strong projects.',
  ],
  [
    'She said she joined Acme from Bosch after eight years.',
    'I especially appreciated what you said about how you joined Acme from Bosch after eight years.',
  ],
  [
    'They pointed out that hiring freezes rarely last more than two quarters.',
    'I especially appreciated what you said about how hiring freezes rarely last more than two quarters.',
  ],
  ['I sent her my CV after the call.', 'I especially appreciated what you said about [one specific thing you learned].'],
  ['I should update my LinkedIn headline.', 'I especially appreciated what you said about [one specific thing you learned].'],
  ['We swapped phone numbers.', 'I especially appreciated what you said about [one specific thing you learned].'],
  [
    'Read Inspired by Cagan.',
    'I especially appreciated what you shared — my note says “Read Inspired by Cagan” [rephrase in your own words].',
  ],
  [
    'Hardware background is a big plus for their AMR team.',
    'I especially appreciated what you said about how hardware background is a big plus for their AMR team.',
  ],
  [
    'Her team ships firmware every six weeks.',
    'I especially appreciated what you said about how your team ships firmware every six weeks.',
  ],
  [
    'The PM role needs someone who can talk to both operators and engineers.',
    'I especially appreciated what you said about how the PM role needs someone who can talk to both operators and engineers.',
  ],
  [
    'He recommended Kubernetes in Action for the platform side.',
    'I especially appreciated your recommendation of Kubernetes in Action for the platform side.',
  ],
  [
    'She stressed that customer visits matter more than dashboards.',
    'I especially appreciated what you said about how customer visits matter more than dashboards.',
  ],
  [
    'She said her biggest lesson was to ship small and often.',
    'I especially appreciated what you said about how your biggest lesson was to ship small and often.',
  ],
  ['Interesting chat, lots of good advice.', 'I especially appreciated what you said about [one specific thing you learned].'],
  ['Also: she offered to review my portfolio next month.', 'I especially appreciated your offer to review my portfolio next month.'],
  [
    'Note: the AMR team sits in Berlin and Munich.',
    'I especially appreciated what you said about the AMR team sitting in Berlin and Munich.',
  ],
  [
    'He believes operations experience is underrated in product roles.',
    'I especially appreciated what you said about how operations experience is underrated in product roles.',
  ],
  [
    'She said "ship it, then fix it" is their motto.',
    'I especially appreciated what you said about how "ship it, then fix it" is their motto.',
  ],
];

function draftSentence(note: string): string {
  const parsed = parseReply(note, { replyingTo: 'thank-you' });
  const notes: Note[] = parsed.note.trim() ? [{ userId: 'u', interviewId: 'i', createdAt: '2027-03-02T15:30:00Z', text: parsed.note }] : [];
  return thankYouDraft({ user: { name: 'Alex Kim' }, interview, notes }).paragraphs[2]!;
}

test('the table holds 30 different notes', () => {
  expect(new Set(DRAFTS.map(([note]) => note)).size).toBe(30);
});

test.each(DRAFTS)('%s', (note, sentence) => {
  expect(draftSentence(note)).toBe(sentence);
});

describe('where no rewrite applies, the note is quoted and marked', () => {
  test.each(['Read Inspired by Cagan', 'Ship small — “often”, and (always) ask why', 'AMR → hardware + ops'])('%s', (note) => {
    const phrase = inTheirWords(note);
    expect(phrase).toMatch(/^what you shared — my note says “[^“”]*” \[rephrase in your own words\]$/);
    expect(phrase).toContain(REPHRASE_MARK);
  });

  test('a sentence without a subject and a verb is quoted, not forced into "how …"', () => {
    expect(toSecondPerson('Read Inspired by Cagan')).toBe(inTheirWords('Read Inspired by Cagan'));
  });
});
