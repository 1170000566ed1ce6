/**
 * Type-level tests: `npm run typecheck` compiles this file, jest never runs it. Adding a reminder
 * kind or a reply command without handling it must fail `tsc`, so each dispatch table's type is
 * checked here twice: today's table must satisfy it (the control), and the same table must NOT
 * satisfy it once the union has one more member. If a table's type stopped demanding an entry per
 * kind, its `@ts-expect-error` would be unused and `tsc` would fail on that instead.
 */
import type { ReminderKind } from '../../functions/domain/model';
import { REPLY_COMMAND_SYNTAX, type ReplyCommand, type ReplyCommandSyntax } from '../../functions/domain/reply-commands';
import type { TokenKind } from '../../functions/domain/reply-token';
import { type ReplyCommandHandlers, REPLY_COMMAND_HANDLERS } from '../../functions/workflows/reply-command-handlers';
import { REMINDER_EMAILS, type ReminderEmail } from '../../functions/workflows/send-reminder';

// Reminder kinds (send-reminder.ts): one email per kind.
export const everyReminderKind: Record<ReminderKind, ReminderEmail> = REMINDER_EMAILS;
// @ts-expect-error -- a new kind 'follow-up' has no email: before the table it silently got the nudge
export const newReminderKind: Record<ReminderKind | 'follow-up', ReminderEmail> = REMINDER_EMAILS;

// Reply commands (reply-command-handlers.ts): one handler per command.
export const everyReplyCommand: ReplyCommandHandlers = REPLY_COMMAND_HANDLERS;
// @ts-expect-error -- a new command 'snooze' has no handler: before the table it compiled and did nothing
export const newReplyCommand: ReplyCommandHandlers<ReplyCommand | { type: 'snooze'; days: number }> = REPLY_COMMAND_HANDLERS;

// Reply commands (reply-commands.ts): one syntax (how a line says it, how `rapport understand` shows it) per command.
export const everyReplyCommandRead: ReplyCommandSyntax = REPLY_COMMAND_SYNTAX;
// @ts-expect-error -- a new command 'location' nothing reads: before the table its key fell through the switch to the referral
export const newReplyCommandUnread: ReplyCommandSyntax<ReplyCommand | { type: 'location'; value: string }> = REPLY_COMMAND_SYNTAX;

// A handler must take its own command's fields: 'company' gets `value`, not a reschedule's `when`.
export const wrongFields: ReplyCommandHandlers['company'] = async (_deps, _state, command) => {
  // @ts-expect-error -- `when` belongs to 'reschedule'
  void command.when;
};

// Every reminder kind is a token kind, so reply-token.ts's Record<TokenKind, code> demands a code for it.
type IsSubset<A, B> = [A] extends [B] ? true : false;
export const reminderKindsAreTokenKinds: IsSubset<ReminderKind, TokenKind> = true;
