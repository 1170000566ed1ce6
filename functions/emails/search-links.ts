/**
 * Ready-made research links for a prep brief. They are plain web searches, built from the
 * contact's name and company with URLSearchParams (never concatenated by hand), so a hostile
 * name can only ever change the search terms, not the URL.
 */
import { possessive } from '../domain/display-text';

export interface ResearchLink {
  /** What to look for, e.g. "Jane Doe's profile". */
  label: string;
  /** Why it's worth a minute, one short line. */
  hint: string;
  url: string;
}

const WEB_SEARCH = 'https://www.google.com/search';
/** Search terms longer than this are not a name or a company any more. */
const MAX_TERM_LENGTH = 80;

function webSearch(query: string, news = false): string {
  const params = new URLSearchParams({ q: query });
  if (news) params.set('tbm', 'nws');
  return `${WEB_SEARCH}?${params.toString()}`;
}

function term(value: string | undefined): string | undefined {
  const clean = value?.replace(/["\s]+/g, ' ').trim();
  return clean && clean.length <= MAX_TERM_LENGTH ? clean : undefined;
}

export function researchLinks(input: { contactName?: string; company?: string; role?: string; industry?: string }): ResearchLink[] {
  const name = term(input.contactName);
  const company = term(input.company);
  const role = term(input.role);
  const industry = term(input.industry);
  const links: ResearchLink[] = [];

  if (name) {
    links.push({
      label: `${possessive(name)} profile`,
      hint: 'Their path so far, and anything you have in common.',
      url: webSearch([`"${name}"`, company, 'LinkedIn'].filter(Boolean).join(' ')),
    });
    links.push({
      label: `What ${name} has written or said`,
      hint: 'Talks, posts or interviews give you a natural opener.',
      url: webSearch([`"${name}"`, company, 'interview OR talk OR podcast OR article'].filter(Boolean).join(' ')),
    });
  }
  if (company) {
    links.push({
      label: `${company}: about and mission`,
      hint: 'What they make, for whom, and how they describe themselves.',
      url: webSearch(`"${company}" about us`),
    });
    links.push({
      label: `${company} in the news`,
      hint: 'Anything from the last few months worth asking about.',
      url: webSearch(`"${company}"`, true),
    });
  }
  const hint = 'Enough context to ask sharper questions.';
  if (industry)
    links.push({
      label: `${industry.charAt(0).toUpperCase()}${industry.slice(1)}: trends`,
      hint,
      url: webSearch(`${industry} industry trends`),
    });
  else if (company)
    links.push({ label: `${possessive(company)} industry and competitors`, hint, url: webSearch(`"${company}" competitors industry`) });
  if (role) {
    links.push({
      label: `The ${role} role`,
      hint: 'What the work involves, so your questions go past the basics.',
      url: webSearch(`"${role}" day to day responsibilities`),
    });
  }
  return links;
}
