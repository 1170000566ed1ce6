import { extractInvitationFromCalendar, type ExtractResult, type InvitationEvent } from '../../inbound/extract-invitation';
import { parseMessage, UnreadableMessageError } from '../../inbound/parse-message';
import { looksLikeCalendar } from '../../inbound/raw-input';
import { ReadLimitError } from '../../inbound/read-budget';
import { readInvitation } from '../../inbound/read-invitation';
import { readTextInput } from './read-input';

/**
 * `rapport parse FILE`: what Rapport understands of an .eml or .ics, as one JSON object: the whole
 * reading, the times of an invitation forwarded as text included (which in AWS process-inbound
 * reads, not inbound-email).
 * Exit 0 when an invitation was found, 3 when none or past a read limit (reason on stderr), 2 for
 * unreadable input.
 */
export async function run(args: string[]): Promise<number> {
  const input = await readTextInput('parse', args, 'a mail message or calendar');
  if (!input) return 2;
  const { file, bytes } = input;

  let result: ExtractResult;
  const text = new TextDecoder().decode(bytes);
  try {
    if (/\.(ics|ical|ifb)$/i.test(file) || looksLikeCalendar(text)) {
      result = extractInvitationFromCalendar(text);
    } else {
      const message = await parseMessage(bytes);
      if (message.overLimit) throw message.overLimit;
      // A file on disk has no arrival time: a Date-less invitation is read against now.
      result = readInvitation(message, new Date());
    }
  } catch (error) {
    if (error instanceof ReadLimitError) {
      process.stderr.write(`rapport parse: unreadable: ${error.message}\n`);
      return 3;
    }
    if (!(error instanceof UnreadableMessageError)) throw error;
    process.stderr.write(`rapport parse: ${file} is not a readable mail message\n`);
    return 2;
  }

  if (!result.ok) {
    process.stderr.write(`rapport parse: ${result.reason}: ${result.detail}\n`);
    return 3;
  }
  const { invitation } = result;
  const output = {
    ...eventFields(invitation),
    forwarded: invitation.forwarded,
    source: invitation.source,
    ...(invitation.events ? { events: invitation.events.map(eventFields) } : {}),
  };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

/** The fields a user sees, in the ground truth's names; the long DESCRIPTION is left out. */
function eventFields(event: InvitationEvent): Record<string, unknown> {
  const { description: _description, attendees, ...rest } = event;
  return {
    ...rest,
    attendees: attendees.map((a) => ({ email: a.email, ...(a.name ? { name: a.name } : {}), ...(a.kind ? { kind: a.kind } : {}) })),
  };
}
