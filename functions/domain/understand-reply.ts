import { parseReply } from './read-reply';
import { type ShownCommand, showCommand } from './reply-commands';
import type { TokenKind } from './reply-token';
import { readWhen } from './when-text';

/**
 * What a reply would do, without doing it (`rapport understand`, docs/reply-commands.md): the
 * reader process-inbound runs, with each reschedule's time read in the user's zone as the
 * reply workflow reads it. A time that cannot be applied (past, two ways, a weekday that
 * disagrees with its date) makes its line unclear, as the reply's answer would ask about it.
 */
export interface UnderstandContext {
  replyingTo?: TokenKind;
  now: Date;
  zone: string;
  /** The interview's times, when it is known: a reschedule keeps its length. */
  meeting?: { startUtc: string; endUtc: string };
}

export interface Understood {
  commands: ShownCommand[];
  notes: string[];
  ignored: string[];
  unclear: string[];
}

const isoSeconds = (time: Date): string => time.toISOString().replace('.000Z', 'Z');

export function understandReply(text: string, context: UnderstandContext): Understood {
  const parsed = parseReply(text, context.replyingTo ? { replyingTo: context.replyingTo } : {});
  const commands: ShownCommand[] = [];
  const unclear = parsed.unclear.map((line) => line.line);
  for (const command of parsed.commands) {
    if (command.type !== 'reschedule') {
      commands.push(showCommand(command));
      continue;
    }
    const reading = readWhen(command.when, { zone: context.zone, now: context.now });
    if (!reading.ok) {
      unclear.push(command.when);
      continue;
    }
    const length = context.meeting ? Date.parse(context.meeting.endUtc) - Date.parse(context.meeting.startUtc) : undefined;
    commands.push({
      command: 'reschedule',
      startUtc: isoSeconds(reading.start),
      ...(length !== undefined && length > 0 ? { endUtc: isoSeconds(new Date(reading.start.getTime() + length)) } : {}),
    });
  }
  const notes = parsed.note
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return { commands, notes, ignored: parsed.ignored, unclear };
}
