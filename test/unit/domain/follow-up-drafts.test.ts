import { introRequestDraft, pitchInDraft } from '../../../functions/domain/follow-up-drafts';

const referral = { email: 'dana@acme.io', name: 'Dana Kim', company: 'Acme' };

describe('the introduction request draft', () => {
  it('keeps the bracketed line about the user until a pitch is saved', () => {
    const draft = introRequestDraft({ user: { name: 'Alex Morgan' }, referral });
    expect(draft.body).toContain('I am [one line about you and what you are exploring]. Would you be open');
  });

  it('says the saved pitch instead, as one line ending in a stop', () => {
    const draft = introRequestDraft({
      user: { name: 'Alex Morgan', pitch: 'I build data tools\r\nand want to move into robotics product work' },
      referral,
    });
    expect(draft.body).toContain('I build data tools and want to move into robotics product work. Would you be open');
    expect(draft.body).not.toContain('[one line about you');
    expect(decodeURIComponent(draft.mailto)).toContain('I build data tools and want to move into robotics product work.');
  });

  it('carries only the whole sentences of a long pitch that fit', () => {
    const first = 'I spent eight years building data pipelines for logistics companies in three countries.';
    const second = 'Now I want to bring that to robotics, where fleets of machines produce more data than anyone reads.';
    const third = 'I am looking for product roles where operations and software meet, and I learn fastest from people in them.';
    const fourth = 'Before that I studied physics, which is why I still like to understand how the whole system fits together.';
    const shown = pitchInDraft(`${first} ${second} ${third} ${fourth}`);
    expect(shown).toBe(`${first} ${second} ${third}`);
  });

  it('cuts one very long sentence at a word and marks the cut', () => {
    const shown = pitchInDraft(`I ${'really '.repeat(100)}like robots`)!;
    expect(shown.length).toBeLessThanOrEqual(320);
    expect(shown).toMatch(/really…$/);
  });

  it('has nothing to say for a blank pitch', () => {
    expect(pitchInDraft(' \n ')).toBeUndefined();
    expect(pitchInDraft(undefined)).toBeUndefined();
  });
});
