import { renderConfirmation } from '../functions/emails/confirmation';
import { renderDigest } from '../functions/emails/digest';
import { renderHelp } from '../functions/emails/help';
import { renderNeedsTime } from '../functions/emails/needs-time';
import { renderNoInvitation } from '../functions/emails/no-invitation';
import { renderNotEnabled } from '../functions/emails/not-enabled';
import { renderPrepBrief } from '../functions/emails/prep-brief';
import { renderReplyAck } from '../functions/emails/reply-ack';
import type { RenderedEmail } from '../functions/emails/shared';
import { renderThankYou } from '../functions/emails/thank-you';
import { renderThankYouNudge } from '../functions/emails/thank-you-nudge';
import { renderContacts } from '../functions/emails/contacts';
import { renderExport } from '../functions/emails/export';
import { renderKeepInTouch } from '../functions/emails/keep-in-touch';
import { renderList } from '../functions/emails/list';
import { renderReferralAsk, renderReferralIntro } from '../functions/emails/referral-intro';
import { DOMAIN, type Fixture } from './fixtures';

/** Every email kind rendered from a fixture, for the preview (`npm run preview`), the render tests and the bench. */

type Rendered = Array<{ name: string; email: RenderedEmail }>;
const brand = { domain: DOMAIN };

/** Every email kind (and variant) rendered from one fixture, named `<kind>[-variant]`. */
export function renderAll(fixture: Fixture): Rendered {
  return [...interviewEmails(fixture), ...answers(fixture), ...digests(fixture), ...peopleAndOverviews(fixture)];
}

/** The confirmation and the reminders of one interview. */
function interviewEmails(fixture: Fixture): Rendered {
  const { user, interview, notes } = fixture;
  const afterMeeting = { ...interview, status: 'done' as const };
  return [
    {
      name: 'confirmation',
      email: renderConfirmation({
        ...brand,
        user,
        interview,
        change: 'new',
        prepBriefAtUtc: fixture.prepBriefAt.toISOString(),
        thankYouAtUtc: fixture.thankYouAt.toISOString(),
        now: fixture.loggedAt,
      }),
    },
    {
      name: 'confirmation-updated',
      email: renderConfirmation({
        ...brand,
        user,
        interview: { ...interview, version: 2, sequence: 1 },
        change: 'updated',
        previous: fixture.previous,
        prepBriefAtUtc: fixture.prepBriefAt.toISOString(),
        thankYouAtUtc: fixture.thankYouAt.toISOString(),
        now: fixture.loggedAt,
      }),
    },
    {
      name: 'confirmation-cancelled',
      email: renderConfirmation({
        ...brand,
        user,
        interview: { ...interview, status: 'cancelled', version: 2 },
        change: 'cancelled',
        now: fixture.loggedAt,
      }),
    },
    { name: 'prep-brief', email: renderPrepBrief({ ...brand, user, interview, notes: [], isFollowUp: false, now: fixture.prepBriefAt }) },
    {
      name: 'prep-brief-follow-up',
      email: renderPrepBrief({
        ...brand,
        user,
        interview,
        notes,
        isFollowUp: true,
        now: fixture.prepBriefAt,
        industry: 'software',
        ...(fixture.referral ? { referredBy: fixture.referral } : {}),
      }),
    },
    {
      name: 'thank-you',
      email: renderThankYou({
        ...brand,
        user,
        interview: afterMeeting,
        notes,
        now: fixture.thankYouAt,
        ...(fixture.referral ? { referral: fixture.referral } : {}),
      }),
    },
    { name: 'thank-you-nudge', email: renderThankYouNudge({ ...brand, user, interview: afterMeeting, notes, now: fixture.nudgeAt }) },
    {
      name: 'thank-you-nudge-late',
      email: renderThankYouNudge({
        ...brand,
        user,
        interview: afterMeeting,
        notes,
        now: new Date(fixture.nudgeAt.getTime() + 8 * 3_600_000),
      }),
    },
  ];
}

/** The answers to mail that logs nothing (help, no invitation, no time, not enabled) and to replies. */
function answers(fixture: Fixture): Rendered {
  const { user, interview } = fixture;
  return [
    { name: 'help', email: renderHelp({ ...brand, user }) },
    { name: 'no-invitation', email: renderNoInvitation({ ...brand, user, subject: `Fwd: ${interview.title}` }) },
    {
      name: 'needs-time',
      email: renderNeedsTime({
        ...brand,
        user,
        title: interview.title,
        ...(interview.contact ? { contact: interview.contact } : {}),
        ...(interview.company ? { company: interview.company } : {}),
      }),
    },
    { name: 'not-enabled', email: renderNotEnabled({ ...brand, senderEmail: interview.contact?.email ?? user.email }) },
    {
      name: 'reply-ack',
      email: renderReplyAck({
        ...brand,
        user,
        interview,
        understood: ['Saved your note.', `Company set to ${interview.company ?? 'Northwind'}.`],
        problems: ['“reschedule someday” — I could not read a date in that. Try “reschedule Thu 10:00”.'],
        questions: [
          {
            line: `can we do Friday at 10 instead? ${interview.title}`,
            choices: [
              { label: 'Move it to Friday at 10', href: `mailto:reply+t@${DOMAIN}?body=reschedule%20Friday%20at%2010` },
              { label: 'Keep it as a note', href: `mailto:reply+t@${DOMAIN}?body=note%3A%20can%20we%20do%20Friday` },
            ],
          },
        ],
        offeredReferrals: [fixture.referral ? `${fixture.referral.name} <${fixture.referral.email}>` : 'kim@northwind.io'],
      }),
    },
  ];
}

function digests(fixture: Fixture): Rendered {
  const { user, interview } = fixture;
  return [
    {
      name: 'digest',
      email: renderDigest({
        ...brand,
        user,
        now: fixture.loggedAt,
        upcoming: [interview],
        thankYous: {
          shown: [
            {
              n: 1,
              kind: 'thank-you',
              ref: 'i-0',
              dueUtc: fixture.previous.endUtc,
              label: `${interview.title} — ${interview.contact?.name ?? 'them'}`,
              detail: 'A late thank-you still beats none.',
            },
          ],
          more: 0,
          moreUnknown: false,
        },
        referrals: {
          shown: [
            {
              n: 2,
              kind: 'referral',
              ref: fixture.referralContact.email,
              dueUtc: fixture.referralContact.createdAt,
              label: `${fixture.referralContact.name ?? fixture.referralContact.email}`,
              detail: 'Ask for an introduction.',
            },
          ],
          more: 3,
          moreUnknown: false,
        },
        followUps: { shown: [], more: 0, moreUnknown: false },
        heldThisWeek: 1,
        totals: {
          interviewsLogged: 6,
          held: 4,
          contacts: 9,
          referrals: 2,
          followUpsDone: 1,
          notes: 3,
          lastHeldUtc: fixture.previous.endUtc,
        },
      }),
    },
    {
      name: 'digest-quiet',
      email: renderDigest({
        ...brand,
        user,
        now: fixture.loggedAt,
        upcoming: [],
        thankYous: { shown: [], more: 0, moreUnknown: false },
        referrals: { shown: [], more: 0, moreUnknown: false },
        followUps: { shown: [], more: 0, moreUnknown: false },
        heldThisWeek: 0,
        totals: { interviewsLogged: 0, held: 0, contacts: 0, referrals: 0, followUpsDone: 0, notes: 0 },
      }),
    },
  ];
}

/** The emails about people and the overviews the user asks for. */
function peopleAndOverviews(fixture: Fixture): Rendered {
  const { user, interview } = fixture;
  return [
    {
      name: 'keep-in-touch',
      email: renderKeepInTouch({
        ...brand,
        user,
        contact: {
          userId: user.userId,
          email: interview.contact?.email ?? 'jane@example.com',
          ...(interview.contact?.name ? { name: interview.contact.name } : {}),
          source: 'interview',
          lastTouchUtc: interview.startUtc,
          firstMetUtc: interview.startUtc,
          createdAt: interview.startUtc,
        },
        firstFollowUp: true,
      }),
    },
    {
      name: 'referral-intro',
      email: renderReferralIntro({
        ...brand,
        user,
        referral: { ...fixture.referralContact, referralState: 'suggested' },
        ...(interview.contact ? { referredBy: interview.contact } : {}),
      }),
    },
    {
      // The contact only offered to introduce: the draft asks them for the introduction.
      name: 'referral-ask',
      email: renderReferralAsk({
        ...brand,
        user,
        referral: { ...fixture.referralContact, referralState: 'suggested', introOffered: true },
        referredBy: interview.contact ?? { name: 'Jane Doe', email: 'jane@example.com' },
      }),
    },
    {
      name: 'list',
      email: renderList({
        ...brand,
        user,
        now: fixture.loggedAt,
        upcoming: [interview],
        recent: [
          { ...interview, interviewId: 'i-0', startUtc: fixture.previous.startUtc, endUtc: fixture.previous.endUtc, status: 'done' },
        ],
        upcomingDays: 60,
        recentDays: 30,
      }),
    },
    {
      name: 'contacts',
      email: renderContacts({
        ...brand,
        user,
        now: fixture.loggedAt,
        due: [
          {
            n: 1,
            kind: 'referral',
            ref: fixture.referralContact.email,
            dueUtc: fixture.referralContact.createdAt,
            label: fixture.referralContact.name ?? fixture.referralContact.email,
            detail: 'Ask for an introduction.',
          },
        ],
        dueMore: false,
        recent: [fixture.referralContact],
        totalContacts: 9,
      }),
    },
    {
      name: 'export',
      email: renderExport({ ...brand, user, interviews: 6, contacts: 9 }),
    },
  ];
}
