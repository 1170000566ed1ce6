import { parseReply } from '../../../functions/domain/read-reply';
import { introductionStatus } from '../../../functions/domain/natural-commands';

describe('reply commands in the user’s own words', () => {
  test.each([
    ['Sent it, thanks!', { type: 'sent' }],
    ['just sent it', { type: 'sent' }],
    ['I sent the thank-you note', { type: 'sent' }],
    ['cancelled, sorry', { type: 'cancel' }],
    ['She cancelled.', { type: 'cancel' }],
    ['the call was called off', { type: 'cancel' }],
    ['We moved it to Thu 4 Mar 15:00.', { type: 'reschedule', when: 'Thu 4 Mar 15:00' }],
    ['It was postponed to next Monday 9:30', { type: 'reschedule', when: 'next Monday 9:30' }],
    ["she didn't show up", { type: 'no-show' }],
    ['we met today', { type: 'done' }],
    ['she referred me to Dana Smith <dana@acme.io>', { type: 'referral', name: 'Dana Smith', email: 'dana@acme.io' }],
    [
      'He suggested I talk to dana@acme.io (Dana Smith) - runs hardware',
      { type: 'referral', name: 'Dana Smith', email: 'dana@acme.io', context: 'runs hardware' },
    ],
    [
      'She offered to introduce me to Dana Smith <dana@acme.io>.',
      { type: 'referral', name: 'Dana Smith', email: 'dana@acme.io', offered: true },
    ],
    ['She’ll connect me with Dana Smith (dana@acme.io)', { type: 'referral', name: 'Dana Smith', email: 'dana@acme.io', offered: true }],
    ['He promised to put me in touch with dana@acme.io', { type: 'referral', email: 'dana@acme.io', offered: true }],
    [
      'they are going to introduce me to Dana Smith, dana@acme.io, hiring in spring',
      { type: 'referral', name: 'Dana Smith', email: 'dana@acme.io', context: 'hiring in spring', offered: true },
    ],
  ])('%s', (line, command) => {
    const parsed = parseReply(line);
    expect(parsed.commands).toEqual([command]);
    expect(parsed.readAs[0]).toContain(`I read “${line}” as`);
  });

  test.each([
    ['Thank-you sent.', { type: 'sent' }],
    ['moved to Friday 10am', { type: 'reschedule', when: 'Friday 10am' }],
  ])('%s is the command itself', (line, command) => {
    expect(parseReply(line).commands).toEqual([command]);
  });

  test.each([
    'I sent her my CV last week and she liked it.',
    'They cancelled the hiring freeze in spring.',
    'The team moved to a new office.',
    'Done is better than perfect, she said.',
  ])('keeps "%s" as a note', (line) => {
    const parsed = parseReply(line);
    expect(parsed.commands).toEqual([]);
    expect(parsed.note).toBe(line);
  });

  test('keeps the rest of a line as a note when it says more than thanks', () => {
    expect(parseReply('Sent it, she answered within the hour')).toMatchObject({
      commands: [{ type: 'sent' }],
      note: 'Sent it, she answered within the hour',
    });
  });
});

describe('introductions named without an address', () => {
  test.each([
    ['She offered to introduce me to Dana Kim', 'Dana Kim'],
    ['she introduced me to Dana Kim at Stripe.', 'Dana Kim'],
    ['He’ll put me in touch with Seán O’Brien-Walsh', 'Seán O’Brien-Walsh'],
  ])('%s: a note, and the answer asks for %s’s address', (line, name) => {
    const parsed = parseReply(line);
    expect(parsed.commands).toEqual([]);
    expect(parsed.note).toBe(line);
    expect(parsed.introducedByName).toEqual([name]);
  });

  test.each([
    'She offered to introduce me to people on the platform team',
    'He will introduce me to Stripe’s CTO',
    'I introduced me to nobody',
    'She said the team is hiring',
  ])('%s names no one to ask about', (line) => {
    expect(parseReply(line).introducedByName).toEqual([]);
  });
});

describe('contact lines in the usual shapes', () => {
  test.each([
    ['referral: Dana Smith <dana@acme.io>', { name: 'Dana Smith', email: 'dana@acme.io' }],
    ['referral: Dana Smith (dana@acme.io)', { name: 'Dana Smith', email: 'dana@acme.io' }],
    ['referral: Dana Smith, dana@acme.io', { name: 'Dana Smith', email: 'dana@acme.io' }],
    ['referral: dana@acme.io (Dana Smith)', { name: 'Dana Smith', email: 'dana@acme.io' }],
    [
      'referral: Dana Smith <dana@acme.io> — runs the hardware team',
      { name: 'Dana Smith', email: 'dana@acme.io', context: 'runs the hardware team' },
    ],
    ['referral: Dana Smith, dana@acme.io, met at the meetup', { name: 'Dana Smith', email: 'dana@acme.io', context: 'met at the meetup' }],
    ['referral: dana@acme.io - hiring manager', { email: 'dana@acme.io', context: 'hiring manager' }],
  ])('%s', (line, expected) => {
    expect(parseReply(line).commands).toEqual([{ type: 'referral', ...expected }]);
  });
});

describe('did you mean …?', () => {
  test.each([
    ['cancle', 'cancel'],
    ['snet', 'sent'],
    ['reshcedule friday 3pm', 'reschedule friday 3pm'],
    ['compnay: Acme', 'company:'],
    ['referal: Bob <bob@lee.io>', 'referral:'],
    ['timezon: Berlin', 'timezone:'],
  ])('%s', (line, suggestion) => {
    const parsed = parseReply(line);
    expect(parsed.problems).toEqual([expect.stringContaining(`did you mean “${suggestion}”?`)]);
    expect(parsed.note).toBe(line);
  });

  test.each(['gone fishing', 'none', 'Note: she was great', 'From: Jane', 'thanks'])('not for "%s"', (line) => {
    expect(parseReply(line).problems).toEqual([]);
  });
});

describe('an introduction made or only offered, read from the verb', () => {
  it.each([
    ['She offered to introduce me to Dana Kim <dana@acme.io>.', 'offered'],
    ['She’ll also put me in touch with Carol Díaz.', 'offered'],
    ['He said he would be happy to connect me with Dana.', 'offered'],
    ['Jane is introducing me to Dana next week', 'offered'],
    ['She can introduce me to Dana <dana@acme.io>', 'offered'],
    ['She introduced me to Dana Kim <dana@acme.io>', 'made'],
    ['Jane has connected me with Dana', 'made'],
    ['She put me in touch with Dana <dana@acme.io>', 'made'],
    ['She referred me to Dana Kim <dana@acme.io>', 'made'],
    ['She suggested I talk to Dana <dana@acme.io>', 'made'],
    ['introduce me to Dana <dana@acme.io>', 'unsure'],
    ['She said the robotics team hires in spring.', undefined],
  ] as const)('%s → %s', (sentence, status) => {
    expect(introductionStatus(sentence)).toBe(status);
  });
});
