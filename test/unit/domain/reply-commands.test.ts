import { parseReply } from '../../../functions/domain/read-reply';

describe('reading a reply', () => {
  it('reads one command per line, case-insensitively, and keeps the rest as a note', () => {
    const reply = parseReply('SENT\nShe loves her team.\nCompany: Acme Robotics\nrole: Staff Engineer\nMoved to Thursday 10:00');
    expect(reply.commands).toEqual([
      { type: 'sent' },
      { type: 'company', value: 'Acme Robotics' },
      { type: 'role', value: 'Staff Engineer' },
      { type: 'reschedule', when: 'Thursday 10:00' },
    ]);
    expect(reply.note).toBe('She loves her team.');
  });

  it('reads referrals with a name, an address and context', () => {
    const reply = parseReply('referral: Bob Lee <bob@lee.io> — runs the data team');
    expect(reply.commands).toEqual([{ type: 'referral', name: 'Bob Lee', email: 'bob@lee.io', context: 'runs the data team' }]);
  });

  it.each(['referral: Dana Smith (dana@acme.io)', 'referral: Dana Smith, dana@acme.io', 'referral: dana@acme.io (Dana Smith)'])(
    'keeps the name of a referral written as %s',
    (line) => {
      expect(parseReply(line).commands).toEqual([{ type: 'referral', name: 'Dana Smith', email: 'dana@acme.io' }]);
    },
  );

  it('offers addresses found in notes as referrals, with the name before them', () => {
    const reply = parseReply('I should ask Bob Lee <bob@lee.io> about analytics, or ping carol@x.org.');
    expect(reply.mentionedAddresses).toEqual([{ name: 'Bob Lee', email: 'bob@lee.io' }, { email: 'carol@x.org' }]);
  });

  it('saves "she suggested I talk to …" as a referral, and still offers other addresses', () => {
    const reply = parseReply('She suggested I talk to Bob Lee <bob@lee.io> about analytics, or ping carol@x.org.');
    expect(reply.commands).toEqual([
      { type: 'referral', name: 'Bob Lee', email: 'bob@lee.io', context: 'about analytics, or ping carol@x.org.' },
    ]);
    expect(reply.mentionedAddresses).toEqual([{ email: 'carol@x.org' }]);
  });

  it('explains a command it cannot read instead of guessing', () => {
    expect(parseReply('referral: Bob from marketing').problems[0]).toMatch(/email address/);
    expect(parseReply('referral: Bob <bob@@lee..io>').problems[0]).toMatch(/is not an email address/);
    expect(parseReply('digest: 02:30').problems[0]).toMatch(/day and time/);
    expect(parseReply('digest: sunday 02:30').problems[0]).toMatch(/02:00–03:00/);
  });

  it('asks before deleting data', () => {
    expect(parseReply('delete my data').commands).toEqual([{ type: 'delete-data', confirmed: false }]);
    expect(parseReply('Yes, delete my data').commands).toEqual([{ type: 'delete-data', confirmed: true }]);
  });

  it('reads digest preferences', () => {
    expect(parseReply('digest: off').commands).toEqual([{ type: 'digest', off: true }]);
    expect(parseReply('digest: Friday 17:30').commands).toEqual([{ type: 'digest', off: false, weekday: 5, time: '17:30' }]);
    expect(parseReply('Digest: on').commands).toEqual([{ type: 'digest', off: false, resume: true }]);
  });

  it('reads keep-in-touch on and off, and says what else it wants', () => {
    expect(parseReply('keep-in-touch: off').commands).toEqual([{ type: 'keep-in-touch', off: true }]);
    expect(parseReply('Keep in touch: ON').commands).toEqual([{ type: 'keep-in-touch', off: false }]);
    const parsed = parseReply('keep-in-touch: maybe');
    expect(parsed.commands).toEqual([]);
    expect(parsed.problems).toEqual(['keep-in-touch: write "off" or "on" (not "maybe")']);
  });
});
