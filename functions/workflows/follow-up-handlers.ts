import { formatDate } from '../commons/format-time';
import { type FollowUpCommand, type ItemAction } from '../domain/follow-up-commands';
import { canMoveReferral, KEEP_IN_TOUCH, nextFollowUpUtc, snoozedUntilUtc, thankYouDueEntry, touched } from '../domain/keep-in-touch';
import { type ActionItem, type Contact, Interview } from '../domain/model';
import type { Deps } from './deps';
import { afterThankYouSent, saveContact } from './contacts';
import type { ReplyCommandHandlers, ReplyState } from './reply-command-handlers';
import { syncReminders } from './reminders';

/**
 * What the keep-in-touch commands do (follow-up-commands.ts reads them): numbered answers to an
 * email's items, `touched: …`, `follow up in …` / `no follow-up`, and `list` / `contacts` /
 * `export`, which are answered by email after the acknowledgement.
 */

function whenLocal(utc: string, zone: string): string {
  return formatDate(utc, zone);
}

function nameOf(contact: Pick<Contact, 'name' | 'email'>): string {
  return contact.name ?? contact.email;
}

/** The item a command means: by number, or the one item of an email about one person. */
function findItem(state: ReplyState, n: number | undefined): ActionItem | string {
  const list = state.actions;
  if (!list)
    return n === undefined
      ? 'That needs an email about one person: reply to a keep-in-touch or referral email.'
      : `"${n} …": numbers answer a digest or a contacts email — reply to that email.`;
  if (n === undefined) return list.items.length === 1 ? list.items[0]! : 'Say which item, by its number, e.g. "2 done".';
  return list.items.find((item) => item.n === n) ?? `There is no item ${n} in that email (it has ${list.items.length}).`;
}

async function followUpAction(deps: Deps, state: ReplyState, item: ActionItem, action: ItemAction, now: string): Promise<void> {
  const contact = await deps.store.getContact(state.user.userId, item.ref);
  if (!contact) return void state.problems.push(`${item.label}: no longer in your contacts.`);
  const zone = state.user.timeZone;
  if (action.kind === 'done') {
    const next = touched(contact, now, zone);
    await saveContact(deps, next);
    await deps.store.addToTotals(state.user.userId, { followUpsDone: 1 });
    state.understood.push(
      `Noted that you followed up with ${nameOf(contact)}.${next.nextTouchUtc ? ` The next suggestion comes on ${whenLocal(next.nextTouchUtc, zone)}.` : ''}`,
    );
    return;
  }
  if (action.kind === 'snooze') {
    const until = snoozedUntilUtc(now, action.days, zone);
    await saveContact(deps, { ...contact, nextTouchUtc: until, updatedAt: now });
    state.understood.push(`${nameOf(contact)} comes back on ${whenLocal(until, zone)}.`);
    return;
  }
  state.problems.push(`${item.label} is a follow-up, not a referral: reply "done" or "snooze 2 weeks" for it.`);
}

async function referralAction(deps: Deps, state: ReplyState, item: ActionItem, action: ItemAction, now: string): Promise<void> {
  const contact = await deps.store.getContact(state.user.userId, item.ref);
  if (!contact?.referralState) return void state.problems.push(`${item.label}: no longer an open referral.`);
  const zone = state.user.timeZone;
  if (action.kind === 'snooze') {
    const until = snoozedUntilUtc(now, action.days, zone);
    await saveContact(deps, { ...contact, nextTouchUtc: until, updatedAt: now });
    state.understood.push(`${nameOf(contact)} comes back on ${whenLocal(until, zone)}.`);
    return;
  }
  // `done` on a referral is the step it asks for: the introduction request went out.
  const to = action.kind === 'done' ? 'intro-sent' : action.state;
  if (!canMoveReferral(contact.referralState, to))
    return void state.problems.push(`${nameOf(contact)} is already "${contact.referralState}".`);
  const { nextTouchUtc: _snooze, ...rest } = contact;
  const moved: Contact = { ...rest, referralState: to, updatedAt: now };
  await saveContact(deps, to === 'met' ? touched(moved, now, zone) : moved);
  const said = {
    'intro-sent': 'introduction requested',
    met: 'met — they are now a contact with a follow-up cadence',
    'not-pursuing': 'not pursuing; it leaves your digest',
  }[to];
  state.understood.push(`${nameOf(contact)}: ${said}.`);
}

async function thankYouAction(deps: Deps, state: ReplyState, item: ActionItem, action: ItemAction, now: string): Promise<void> {
  const interview = await deps.store.getInterview(state.user.userId, item.ref);
  if (!interview) return void state.problems.push(`${item.label}: that interview is gone.`);
  if (action.kind === 'snooze') {
    const until = snoozedUntilUtc(now, action.days, state.user.timeZone);
    const entry = { ...thankYouDueEntry(interview), dueUtc: item.dueUtc };
    await deps.store.deleteDueEntry(state.user.userId, entry);
    await deps.store.putDueEntry(state.user.userId, { ...entry, dueUtc: until });
    state.understood.push(`The thank-you for ${item.label} comes back on ${whenLocal(until, state.user.timeZone)}.`);
    return;
  }
  if (action.kind !== 'done') return void state.problems.push(`${item.label} is a thank-you: reply "done" once it is sent.`);
  await deps.store.deleteDueEntry(state.user.userId, { ...thankYouDueEntry(interview), dueUtc: item.dueUtc });
  if (!interview.thankYouSentAt) {
    const sent = Interview.parse({ ...interview, thankYouSentAt: now, updatedAt: now });
    await deps.store.putInterview(sent, interview.version);
    await syncReminders(deps, sent, state.user);
    await afterThankYouSent(deps, state.user, sent, now);
  }
  state.understood.push(`Marked the thank-you for ${item.label} as sent.`);
}

const ITEM_ACTIONS: Record<ActionItem['kind'], typeof followUpAction> = {
  'follow-up': followUpAction,
  referral: referralAction,
  'thank-you': thankYouAction,
};

export async function applyItemAction(deps: Deps, state: ReplyState, n: number | undefined, action: ItemAction, now: Date): Promise<void> {
  const item = findItem(state, n);
  if (typeof item === 'string') return void state.problems.push(item);
  await ITEM_ACTIONS[item.kind](deps, state, item, action, now.toISOString());
}

/** The person a reply is about without naming them: the one item of its email, or the interview's contact. */
async function personOfReply(deps: Deps, state: ReplyState): Promise<Contact | undefined> {
  const single = state.actions?.items.length === 1 ? state.actions.items[0] : undefined;
  const email = single && single.kind !== 'thank-you' ? single.ref : state.interview?.contact?.email;
  return email ? deps.store.getContact(state.user.userId, email) : undefined;
}

/** `touched: Priya`: by address, or by name among the people this reply is about, then among all contacts. */
async function findByNameOrEmail(deps: Deps, state: ReplyState, who: string): Promise<Contact | undefined> {
  if (who.includes('@')) return deps.store.getContact(state.user.userId, who.replace(/^.*<|>.*$/g, '').trim());
  const wanted = who.toLowerCase();
  const matches = (c: Contact) =>
    c.name !== undefined && (c.name.toLowerCase() === wanted || c.name.toLowerCase().split(/\s+/)[0] === wanted);
  const near = await personOfReply(deps, state);
  if (near && matches(near)) return near;
  // A command the user typed, not the digest: reading every contact here is bounded by the user's own history.
  const all = await deps.store.listContacts(state.user.userId);
  return all.find(matches);
}

type FollowUpHandlers = ReplyCommandHandlers<FollowUpCommand>;

export const FOLLOW_UP_HANDLERS: FollowUpHandlers = {
  item: async (deps, state, command, now) => applyItemAction(deps, state, command.n, command.action, now),
  touched: async (deps, state, command, now) => {
    const contact = await findByNameOrEmail(deps, state, command.who);
    if (!contact)
      return void state.problems.push(
        `touched: I found no contact called "${command.who}". Use their address, e.g. "touched: priya@acme.com".`,
      );
    const next = touched(contact, now.toISOString(), state.user.timeZone);
    await saveContact(deps, next);
    state.understood.push(
      `Noted that you were in touch with ${nameOf(contact)}.${next.nextTouchUtc ? ` Next suggestion on ${whenLocal(next.nextTouchUtc, state.user.timeZone)}.` : ''}`,
    );
  },
  cadence: async (deps, state, command, now) => {
    const contact = await personOfReply(deps, state);
    if (!contact)
      return void state.problems.push(
        'Reply to an email about that person (a keep-in-touch email, or one about your interview with them).',
      );
    const from = contact.lastTouchUtc ?? now.toISOString();
    if (command.off) {
      const { nextTouchUtc: _off, ...rest } = contact;
      await saveContact(deps, { ...rest, followUpOff: true, updatedAt: now.toISOString() });
      state.understood.push(`No more keep-in-touch suggestions for ${nameOf(contact)}.`);
      return;
    }
    const { followUpOff: _on, ...rest } = contact;
    const nextTouchUtc = nextFollowUpUtc(from < now.toISOString() ? now.toISOString() : from, command.months, state.user.timeZone);
    await saveContact(deps, { ...rest, cadenceMonths: command.months, nextTouchUtc, updatedAt: now.toISOString() });
    const every = command.months === KEEP_IN_TOUCH.defaultCadenceMonths ? 'every 3 months (the default)' : `every ${command.months} months`;
    state.understood.push(`Keeping in touch with ${nameOf(contact)} ${every}; next on ${whenLocal(nextTouchUtc, state.user.timeZone)}.`);
  },
  report: async (_deps, state, command) => {
    if (!state.reports.includes(command.report)) state.reports.push(command.report);
    state.understood.push(`Your ${command.report === 'export' ? 'export' : command.report} is on its way in a separate email.`);
  },
};
