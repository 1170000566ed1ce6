import { chooseContact, companyInDisplayName, guessCompany } from '../../../functions/domain/people';

describe('who the contact is', () => {
  it('is the organizer when the user was invited', () => {
    const contact = chooseContact({
      userEmails: ['me@mine.org'],
      organizer: { email: 'jane@acme.com', name: 'Jane Doe' },
      attendees: [{ email: 'me@mine.org' }, { email: 'jane@acme.com' }],
    });
    expect(contact).toMatchObject({ email: 'jane@acme.com', name: 'Jane Doe' });
  });

  it('is the first other person when the user organized it, skipping rooms and no-reply senders', () => {
    const contact = chooseContact({
      userEmails: ['ME@mine.org'],
      organizer: { email: 'me@mine.org' },
      attendees: [{ email: 'room-4@acme.com', kind: 'room' }, { email: 'no-reply@zoom.us' }, { email: 'bob@lee.io', name: 'Bob Lee' }],
    });
    expect(contact?.email).toBe('bob@lee.io');
  });

  it('is nobody when only the user and machines are there', () => {
    expect(
      chooseContact({ userEmails: ['me@mine.org'], organizer: { email: 'noreply@calendly.com' }, attendees: [{ email: 'me@mine.org' }] }),
    ).toBeUndefined();
  });
});

describe('the company guessed from the contact address', () => {
  it.each([
    ['jane@acme.com', 'Acme'],
    ['jane@mail.acme-robotics.co.uk', 'Acme Robotics'],
    ['pat@research.stanford.edu', 'Stanford'],
    ['jane@gmail.com', undefined],
    ['jane@outlook.com', undefined],
    ['marge@example.com', undefined],
    ['ana@bbva.com', 'BBVA'],
    ['sam@datadoghq.com', 'Datadog'],
    ['kim@asml.com', 'ASML'],
    ['lee@ibm.com', 'IBM'],
    ['joe@GitHub.com', 'GitHub'],
  ])('%s → %s', (email, company) => {
    expect(guessCompany(email)).toBe(company);
  });
});

describe('the company a display name carries', () => {
  it.each([
    ['Jane Doe (BBVA)', 'BBVA'],
    ['Jane Doe | Datadog', 'Datadog'],
    ['Jane Doe at ASML', 'ASML'],
    ['Jane Doe', undefined],
    ['Jean-Luc Picard', undefined],
    ['Jane (jane@x.example)', undefined],
  ])('%s → %s', (name, company) => {
    expect(companyInDisplayName(name)).toBe(company);
  });
});
