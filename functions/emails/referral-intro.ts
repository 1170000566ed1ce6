import type { Contact, Person, User } from '../domain/model';
import { introAskDraft, introRequestDraft, pitchInDraft } from '../domain/follow-up-drafts';
import { firstName } from '../domain/display-text';
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

/** What either email about a referral answers to once the first step is taken. */
const LATER_COMMANDS = [
  { command: 'met', meaning: 'You talked (forwarding the invitation says it too).' },
  { command: 'not pursuing', meaning: 'You decided not to; it leaves your digest.' },
  { command: 'snooze 2 weeks', meaning: 'Remind you later.' },
];

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
    draftHint: draftHint(
      input.user.pitch,
      'The line about you is your saved pitch (reply pitch: … to change it); make it fit this person before you send.',
    ),
    commandsTitle: 'Reply with',
    commands: [{ command: 'intro sent', meaning: 'You asked; it waits for their answer.' }, ...LATER_COMMANDS],
  };
}

/** What to do with the draft's line about the user: fit the saved pitch (`withPitch`), or fill in the brackets. */
function draftHint(pitch: string | undefined, withPitch: string): string {
  return pitchInDraft(pitch) ? withPitch : 'Fill in the line in [brackets] with who you are and what you are exploring, in one sentence.';
}

export function renderReferralIntro(input: ReferralIntroInput): RenderedEmail {
  return renderEmail(template, referralIntroView(input));
}

/**
 * The referrer only offered the introduction: the draft goes to them, asking for it (the person
 * is not written to cold). Saying the introduction was made brings the draft to the person.
 */
function referralAskView(input: ReferralIntroInput & { referredBy: Person }): PersonDraftView {
  const who = present(input.referral.name, SHORT) ?? input.referral.email;
  const by = present(input.referredBy.name, SHORT) ?? input.referredBy.email;
  // How the user would write the person in a sentence: "Bob Lee <bob@lee.io>", or the address alone.
  const whoWithAddress = who === input.referral.email ? who : `${who} <${input.referral.email}>`;
  const draft = introAskDraft({ user: input.user, referrer: input.referredBy, referral: input.referral });
  return {
    app: appView(input),
    subject: `Ask ${by} for the introduction to ${who}`,
    preheader: `${by} offered to introduce you to ${who}: a short note to ${by}, ready to send.`,
    kicker: 'Introduction offered',
    heading: `Ask ${by} to introduce you to ${who}`,
    intro: `${by} offered to introduce you to ${who}. A reminder while the conversation is fresh is welcome; here is a short one. Once you have been introduced, say so in a reply to an email about your conversation with ${by} (“${firstName(input.referredBy.name) ?? 'They'} introduced me to ${whoWithAddress}”) and a draft to ${who} follows.`,
    footerNote: `Reply to this email to answer for ${who}.`,
    minimalFooter: false,
    draft: draftView(draft),
    draftHint: draftHint(input.user.pitch, 'The line about you is your saved pitch; make it fit before you send.'),
    commandsTitle: 'Reply with',
    commands: [{ command: 'intro sent', meaning: 'You asked; it waits for the introduction.' }, ...LATER_COMMANDS],
  };
}

export function renderReferralAsk(input: ReferralIntroInput & { referredBy: Person }): RenderedEmail {
  return renderEmail(template, referralAskView(input));
}
