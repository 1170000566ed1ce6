/**
 * Type-level test (compiled by `npm run typecheck`, never run by jest): the reply-command list
 * the help email shows (domain/reply-commands.ts) must explain every reply command, so a new
 * command that is parsed and handled but missing from the list fails `tsc`.
 */
import type { ReplyCommand } from '../../functions/domain/reply-commands';
import { EVERY_REPLY_COMMAND_LISTED, type UnlistedReplyCommands } from '../../functions/domain/reply-commands';

// Today every command is listed.
export const everyCommandListed: Record<UnlistedReplyCommands, never> = EVERY_REPLY_COMMAND_LISTED;
// @ts-expect-error -- a new command 'snooze' that no line of the list explains
export const newCommandUnlisted: Record<UnlistedReplyCommands<ReplyCommand['type'] | 'snooze'>, never> = EVERY_REPLY_COMMAND_LISTED;
