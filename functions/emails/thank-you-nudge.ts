import { template } from './thank-you-nudge.generated';
import { appView, footerForReminders, renderEmail, type RenderedEmail } from './shared';
import { thankYouParts, type ThankYouInput, type ThankYouView } from './thank-you';

/** Before the thank-you window closes, when the thank-you has not been marked sent: the same draft, again. */

type ThankYouNudgeInput = ThankYouInput;
export type ThankYouNudgeView = ThankYouView;

/** The time left, rounded to the nearest hour: a nudge 3 h 58 min before the deadline says "about 4 hours". */
export function timeLeft(hoursLeft: number): string | undefined {
  if (hoursLeft < 0) return undefined;
  const rounded = Math.round(hoursLeft);
  if (rounded < 1) return 'Less than an hour left';
  if (rounded === 1) return 'About an hour left';
  return `About ${rounded} hours left`;
}

function thankYouNudgeView(input: ThankYouNudgeInput): ThankYouNudgeView {
  const { draft, who, hoursLeft, deadline, earlierNotes, debrief } = thankYouParts(input);
  const app = appView(input);
  const left = timeLeft(hoursLeft);
  const target = who ? `to thank ${who}` : 'to send your thank-you';
  const heading = left ? `${left} ${target}` : `Still time ${target}`;
  return {
    app,
    subject: heading,
    preheader: deadline,
    kicker: 'Reminder',
    heading,
    intro: 'A quick nudge: your thank-you has not been marked as sent. The draft is below, ready to go.',
    footerNote: footerForReminders(app.name),
    minimalFooter: false,
    deadline,
    draft,
    debrief,
    earlierNotes,
  };
}

export function renderThankYouNudge(input: ThankYouNudgeInput): RenderedEmail {
  return renderEmail(template, thankYouNudgeView(input));
}
