import type { Contact, Person, User } from '../domain/model';
import { introRequestDraft, pitchInDraft } from '../domain/follow-up-drafts';
import { present } from '../domain/display-text';
import { template } from './person-draft.generated';
import type { PersonDraftView } from './person-draft';
import { appView, draftView, renderEmail, SHORT, type BrandInput, type RenderedEmail } from './shared';

/** A referral as a suggested next conversation: an introduction-request draft naming who referred. */

interface ReferralIntroInput extends BrandInput {
  user: User;
  referral: Contact;
  referredBy?: Person;
}

function referralIntroView(input: ReferralIntroInput): PersonDraftView {
  const app = appView(input);
  const who = present(input.referral.name, SHORT) ?? input.referral.email;
  const by = input.referredBy ? (present(input.referredBy.name, SHORT) ?? input.referredBy.email) : undefined;
  const draft = introRequestDraft({
    user: input.user,
    referral: input.referral,
    ...(input.referredBy ? { referredBy: input.referredBy } : {}),
  });
  const context = present(input.referral.context, 300);
  return {
    app,
    subject: `Suggested next conversation: ${who}${by ? ` (referred by ${by})` : ''}`,
    preheader: `An introduction request to ${who}, ready to send.`,
    kicker: 'Suggested next conversation',
    heading: `Talk to ${who}`,
    intro: `${by ? `${by} suggested you talk to ${who}.` : `You were pointed to ${who}.`}${context ? ` “${context}”` : ''} A referral is the warmest way in: mention who sent you, and ask for 20 minutes.`,
    footerNote: `Reply to this email to answer for ${who}.`,
    minimalFooter: false,
    draft: draftView(draft),
    draftHint: pitchInDraft(input.user.pitch)
      ? 'The line about you is your saved pitch (reply pitch: … to change it); make it fit this person before you send.'
      : 'Fill in the line in [brackets] with who you are and what you are exploring, in one sentence.',
    commandsTitle: 'Reply with',
    commands: [
      { command: 'intro sent', meaning: 'You asked; it waits for their answer.' },
      { command: 'met', meaning: 'You talked (forwarding the invitation says it too).' },
      { command: 'not pursuing', meaning: 'You decided not to; it leaves your digest.' },
      { command: 'snooze 2 weeks', meaning: 'Remind you later.' },
    ],
  };
}

export function renderReferralIntro(input: ReferralIntroInput): RenderedEmail {
  return renderEmail(template, referralIntroView(input));
}
