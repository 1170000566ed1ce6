import { chooseQuestions, QUESTION_BANK } from '../../../functions/domain/question-bank';

describe('the question bank', () => {
  it('holds at least 40 open-ended questions across every theme, with unique ids', () => {
    expect(QUESTION_BANK.length).toBeGreaterThanOrEqual(40);
    expect(new Set(QUESTION_BANK.map((q) => q.id)).size).toBe(QUESTION_BANK.length);
    const themes = new Set(QUESTION_BANK.map((q) => q.theme));
    for (const theme of ['typical-day', 'career-path', 'skills', 'industry-trends', 'culture', 'challenges', 'advice', 'referrals']) {
      expect(themes).toContain(theme);
    }
    for (const question of QUESTION_BANK) {
      expect(question.text).toMatch(/\?$/);
      // Open-ended: none starts like a yes/no or a look-up question.
      expect(question.text).not.toMatch(/^(Do|Does|Did|Are|Were|Has|Have|When was|How many|How big)\b/);
    }
  });
});

describe('chooseQuestions', () => {
  const known = { role: 'Product Designer', company: 'Acme', industry: 'fintech' };

  it.each([1, 5, 6, 7, 8, 20])('asks between 5 and 8 questions (asked for %i)', (count) => {
    const chosen = chooseQuestions({ ...known, isFollowUp: false, count });
    expect(chosen.length).toBe(Math.min(8, Math.max(5, count)));
    expect(new Set(chosen.map((q) => q.id)).size).toBe(chosen.length);
  });

  it('always ends with who else to talk to', () => {
    for (const isFollowUp of [false, true]) {
      for (const details of [{}, known, { company: 'Acme' }]) {
        const chosen = chooseQuestions({ ...details, isFollowUp, count: 6 });
        expect(chosen.at(-1)!.theme).toBe('referrals');
        expect(chosen.at(-1)!.text).toMatch(/talk to/);
        expect(chosen.slice(0, -1).every((q) => q.theme !== 'referrals')).toBe(true);
      }
    }
  });

  it('opens a first conversation with their typical day and works in what is known', () => {
    const chosen = chooseQuestions({ ...known, isFollowUp: false, count: 8 });
    expect(chosen[0]!.text).toBe(
      'What does a typical week look like for you as Product Designer, and where does most of your time actually go?',
    );
    expect(chosen.map((q) => q.text).join(' ')).toContain('Acme');
    expect(chosen.map((q) => q.text).join(' ')).toContain('fintech');
    expect(chosen.every((q) => !/[{}]/.test(q.text))).toBe(true);
  });

  it('asks only generic questions when nothing is known', () => {
    const chosen = chooseQuestions({ isFollowUp: false, count: 5 });
    expect(chosen.map((q) => q.id)).toEqual(['day-week', 'path-start', 'skills-unwritten', 'advice-my-position', 'referrals-name']);
  });

  it('builds on the last conversation in a follow-up', () => {
    const chosen = chooseQuestions({ company: 'Acme', isFollowUp: true, count: 6 });
    expect(chosen[0]!.theme).toBe('follow-up');
    expect(chosen[0]!.text).toBe('How have things moved at Acme since our last conversation?');
    expect(chosen.at(-1)!.id).toBe('referrals-next');
    expect(chooseQuestions({ isFollowUp: false, count: 8 }).some((q) => q.theme === 'follow-up')).toBe(false);
  });

  it('is deterministic', () => {
    expect(chooseQuestions({ ...known, isFollowUp: false, count: 7 })).toEqual(chooseQuestions({ ...known, isFollowUp: false, count: 7 }));
  });

  it('leaves out a detail too long to read well in a question', () => {
    const chosen = chooseQuestions({ role: 'x'.repeat(120), isFollowUp: false, count: 8 });
    expect(chosen.every((q) => !q.text.includes('xxx'))).toBe(true);
  });
});
