/**
 * The questions a prep brief suggests. Informational interviews go well when the questions are
 * open-ended and ask for what only this person knows — their judgement, their path, how things
 * really work where they are — so nothing here can be answered by a web search. The last
 * question is always about who else to talk to: each conversation should lead to the next.
 */

type QuestionTheme =
  'typical-day' | 'career-path' | 'skills' | 'industry-trends' | 'culture' | 'challenges' | 'advice' | 'follow-up' | 'referrals';

/** Details a question can be written around; `{role}`, `{company}` and `{industry}` in its text. */
type QuestionDetail = 'role' | 'company' | 'industry';

interface BankQuestion {
  id: string;
  theme: QuestionTheme;
  text: string;
  /** The details its text names; it is only asked when all of them are known. */
  uses: readonly QuestionDetail[];
  /** Asked only in a first conversation, or only in a follow-up. Both when absent. */
  only?: 'first' | 'follow-up';
}

function q(id: string, theme: QuestionTheme, text: string, only?: 'first' | 'follow-up'): BankQuestion {
  const uses = (['role', 'company', 'industry'] as const).filter((detail) => text.includes(`{${detail}}`));
  return only ? { id, theme, text, uses, only } : { id, theme, text, uses };
}

export const QUESTION_BANK: readonly BankQuestion[] = [
  q('day-week', 'typical-day', 'What does a typical week look like for you, and where does most of your time actually go?'),
  q('day-week-role', 'typical-day', 'What does a typical week look like for you as {role}, and where does most of your time actually go?'),
  q('day-energy', 'typical-day', 'Which part of your work gives you the most energy, and which part drains it?'),
  q('day-surprise', 'typical-day', 'What surprised you most about this work once you were doing it day to day?'),
  q('day-role-here', 'typical-day', 'How does being {role} at {company} differ from the same title somewhere else?'),

  q('path-start', 'career-path', 'How did you get into this line of work, and what would you do differently if you started over?'),
  q('path-company', 'career-path', 'What drew you to {company}, and what has kept you there?'),
  q('path-decision', 'career-path', 'Which decision in your career mattered more than you expected at the time?'),
  q('path-detour', 'career-path', 'Was there a job or detour that looked like a step sideways but turned out to be useful?'),
  q('path-role', 'career-path', 'What did your path to becoming {role} look like, and is that still the usual way in?'),

  q('skills-unwritten', 'skills', 'Which skills matter most in your work that job descriptions never mention?'),
  q('skills-great', 'skills', 'What separates someone who is good as {role} from someone who is great?'),
  q('skills-earlier', 'skills', 'What do you wish you had learned earlier, and how would you learn it today?'),
  q('skills-current', 'skills', 'How do you keep your skills current — what actually works, as opposed to what people recommend?'),
  q(
    'skills-transfer',
    'skills',
    'From what you know of my background, what would transfer well to this work, and where would I have gaps?',
  ),

  q('trends-industry', 'industry-trends', 'What changes in {industry} do you think people outside it underestimate?'),
  q('trends-field', 'industry-trends', 'What is changing in your field right now that outsiders have not noticed yet?'),
  q(
    'trends-company',
    'industry-trends',
    'From the inside, what do you think {company} will need most from its people over the next couple of years?',
  ),
  q('trends-five-years', 'industry-trends', 'Which parts of your work do you expect to look very different in five years?'),
  q('trends-bet', 'industry-trends', 'If you were entering {industry} today, which corner of it would you bet on?'),

  q(
    'culture-friend',
    'culture',
    'How would you describe the culture at {company} to a friend — the version that is not on the careers page?',
  ),
  q('culture-decisions', 'culture', 'How are decisions actually made on your team?'),
  q('culture-thrive', 'culture', 'What kind of person tends to thrive at {company}, and who tends to struggle?'),
  q('culture-collaboration', 'culture', 'What does good collaboration look like where you work, and what gets in its way?'),
  q('culture-feedback', 'culture', 'How does feedback work on your team — formally, informally, or both?'),

  q('challenges-hardest', 'challenges', 'What is the hardest part of your job that people rarely talk about?'),
  q('challenges-role', 'challenges', 'What problem are you working hardest to solve as {role} right now?'),
  q('challenges-setback', 'challenges', 'Can you tell me about a recent setback at work and what you took from it?'),
  q('challenges-tradeoffs', 'challenges', 'What trade-offs come with this career that you only discovered once you were in it?'),
  q('challenges-newcomers', 'challenges', 'Where do newcomers to your field most often stumble?'),

  q('advice-my-position', 'advice', 'If you were in my position, what would you do in the next three months?'),
  q('advice-prepare', 'advice', 'What experience would best prepare someone like me for this kind of work?'),
  q('advice-resources', 'advice', 'Which communities, events or resources are genuinely worth my time, and which are not?'),
  q('advice-industry', 'advice', 'What do people new to {industry} most often get wrong about it?'),
  q('advice-younger-self', 'advice', 'What advice would you give your younger self at the start of this path?'),
  q('advice-small-project', 'advice', 'Is there a small project I could take on to find out whether this work suits me?'),

  q('follow-up-changed', 'follow-up', 'What has changed for you or your team since we last talked?', 'follow-up'),
  q('follow-up-company', 'follow-up', 'How have things moved at {company} since our last conversation?', 'follow-up'),
  q(
    'follow-up-findings',
    'follow-up',
    'I followed up on your suggestions from last time — may I share what I found and hear your take?',
    'follow-up',
  ),
  q('follow-up-directions', 'follow-up', 'Of the directions I am now exploring, which would you push me toward, and why?', 'follow-up'),
  q('follow-up-watch-out', 'follow-up', 'Looking at the next step I am considering, what would you watch out for?', 'follow-up'),
  q('follow-up-missed', 'follow-up', 'Is there anything you wish you had told me last time?', 'follow-up'),

  q('referrals-name', 'referrals', 'Who else would you suggest I talk to, and may I mention that you pointed me to them?', 'first'),
  q(
    'referrals-company',
    'referrals',
    'Is there anyone else, at {company} or elsewhere, you think I should talk to — and may I mention your name?',
    'first',
  ),
  q('referrals-next', 'referrals', 'Given where I have got to since we last spoke, who would you talk to next in my place?', 'follow-up'),
];

/** The order themes are asked in when nothing else is known; a known detail moves a theme up. */
const FIRST_CONVERSATION: readonly QuestionTheme[] = [
  'typical-day',
  'career-path',
  'skills',
  'advice',
  'challenges',
  'culture',
  'industry-trends',
];
const FOLLOW_UP_CONVERSATION: readonly QuestionTheme[] = [
  'follow-up',
  'advice',
  'challenges',
  'industry-trends',
  'culture',
  'skills',
  'typical-day',
  'career-path',
];

const MIN_QUESTIONS = 5;
const MAX_QUESTIONS = 8;
/** Long names make a question unreadable; they are left out rather than cut. */
const MAX_DETAIL_LENGTH = 60;

interface QuestionChoice {
  role?: string;
  company?: string;
  industry?: string;
  isFollowUp: boolean;
  /** How many to ask; clamped to 5–8. */
  count: number;
}

interface ChosenQuestion {
  id: string;
  theme: QuestionTheme;
  text: string;
}

function usable(value: string | undefined): string | undefined {
  const clean = value?.replace(/\s+/g, ' ').trim();
  return clean && clean.length <= MAX_DETAIL_LENGTH ? clean : undefined;
}

/**
 * Picks questions in the order to ask them: one per theme, each theme's question the most
 * preferred one that names a known detail (deterministic: the bank's order decides), themes with
 * a specific question moved ahead, and always a "who else should I talk to?" question last.
 */
export function chooseQuestions(choice: QuestionChoice): ChosenQuestion[] {
  const details: Partial<Record<QuestionDetail, string>> = {
    role: usable(choice.role),
    company: usable(choice.company),
    industry: usable(choice.industry),
  };
  const count = Math.min(MAX_QUESTIONS, Math.max(MIN_QUESTIONS, Math.round(choice.count) || MIN_QUESTIONS));
  const conversation = choice.isFollowUp ? 'follow-up' : 'first';

  const eligible = QUESTION_BANK.filter(
    (question) => (question.only === undefined || question.only === conversation) && question.uses.every((detail) => details[detail]),
  );
  // The bank lists each theme's questions in order of preference: the first that names a known
  // detail wins, otherwise the first generic one.
  const bestOf = (theme: QuestionTheme): BankQuestion | undefined => {
    const inTheme = eligible.filter((question) => question.theme === theme);
    return inTheme.find((question) => question.uses.length > 0) ?? inTheme[0];
  };

  const order = choice.isFollowUp ? FOLLOW_UP_CONVERSATION : FIRST_CONVERSATION;
  const ranked = order
    .map((theme, index) => ({ question: bestOf(theme), rank: index }))
    .filter((entry): entry is { question: BankQuestion; rank: number } => entry.question !== undefined)
    .map((entry) => ({ ...entry, rank: entry.rank - (entry.question.uses.length > 0 ? 1.5 : 0) }))
    .sort((a, b) => a.rank - b.rank);

  const closing = bestOf('referrals');
  if (!closing) throw new Error('the question bank has no referral question for this conversation');
  const chosen = [...ranked.slice(0, count - 1).map((entry) => entry.question), closing];

  return chosen.map((question) => ({
    id: question.id,
    theme: question.theme,
    text: question.text.replace(/\{(role|company|industry)\}/g, (_, detail: QuestionDetail) => details[detail] ?? ''),
  }));
}
