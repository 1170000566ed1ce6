import { KEEP_IN_TOUCH } from '../domain/keep-in-touch';
import type { Contact, User } from '../domain/model';
import { formatDate } from '../commons/format-time';
import { keepInTouchDraft } from '../domain/follow-up-drafts';
import { present } from '../domain/display-text';
import { template } from './person-draft.generated';
import type { PersonDraftView } from './person-draft';
import { appView, draftView, renderEmail, SHORT, type BrandInput, type RenderedEmail } from './shared';

/** A keep-in-touch suggestion about one contact: a short draft with a mailto, and how to answer. */

interface KeepInTouchInput extends BrandInput {
  user: User;
  contact: Contact;
  /** The first suggestion after a thank-you, rather than a later one of the cadence. */
  firstFollowUp: boolean;
}

function keepInTouchView(input: KeepInTouchInput): PersonDraftView {
  const app = appView(input);
  const who = present(input.contact.name, SHORT) ?? input.contact.email;
  const draft = keepInTouchDraft({ user: input.user, contact: input.contact, firstFollowUp: input.firstFollowUp });
  const months = input.contact.cadenceMonths ?? KEEP_IN_TOUCH.defaultCadenceMonths;
  const met = input.contact.lastTouchUtc ? ` You last spoke on ${formatDate(input.contact.lastTouchUtc, input.user.timeZone)}.` : '';
  return {
    app,
    subject: `Keep in touch with ${who}`,
    preheader: input.firstFollowUp ? `Tell ${who} how you used their advice.` : `A short update keeps the connection with ${who} warm.`,
    kicker: 'Keep in touch',
    heading: input.firstFollowUp ? `Tell ${who} how you used their advice` : `Time to catch up with ${who}`,
    intro: `People remember the ones who come back to say what happened next.${met} Here is a short note to make your own.`,
    footerNote: `Reply to this email to answer for ${who}.`,
    minimalFooter: false,
    draft: draftView(draft),
    draftHint: 'Fill in the part in [brackets]: one concrete result is what makes an update worth reading.',
    commandsTitle: 'Reply with',
    commands: [
      { command: 'done', meaning: `You wrote to them; the next suggestion comes in ${months} months.` },
      { command: 'snooze 2 weeks', meaning: 'Remind you later.' },
      { command: 'follow up in 6 months  ·  no follow-up', meaning: 'Change how often, or stop suggesting it for this person.' },
    ],
  };
}

export function renderKeepInTouch(input: KeepInTouchInput): RenderedEmail {
  return renderEmail(template, keepInTouchView(input));
}
