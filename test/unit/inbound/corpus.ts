import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractInvitationFromCalendar, type ExtractResult } from '../../../functions/inbound/extract-invitation';
import { readInvitation } from '../../../functions/inbound/read-invitation';
import { parseMessage } from '../../../functions/inbound/parse-message';
import { extractReplyText, extractReplyTextFromHtml } from '../../../functions/inbound/reply-text';

/** The shared corpus of real messages, beside the checkout (never copied into the repo). */
export const CORPUS = process.env.RAPPORT_CORPUS ?? path.resolve(__dirname, '../../../../shared/corpus');

export interface Case {
  file: string;
  kind: 'invite' | 'ics' | 'reply';
  expected: Record<string, unknown>;
}

/** Every GROUND_TRUTH*.json of the corpus: the main set and the sets added later (replies-intl…). */
export function corpusCases(kind: 'calendar' | 'reply'): Case[] {
  const truthFiles = readdirSync(CORPUS)
    .filter((name) => name.startsWith('GROUND_TRUTH') && name.endsWith('.json'))
    .sort();
  const all = truthFiles.flatMap((name) => JSON.parse(readFileSync(path.join(CORPUS, name), 'utf8')) as Case[]);
  return all.filter((c) => (kind === 'reply' ? c.kind === 'reply' : c.kind !== 'reply'));
}

/** Every corpus invitation carries a Date header; this arrival time only matters to one that would not. */
const RECEIVED_AT = new Date('2025-01-01T00:00:00Z');

export async function extractFromFile(file: string): Promise<ExtractResult> {
  const bytes = readFileSync(path.join(CORPUS, file));
  if (file.endsWith('.ics')) return extractInvitationFromCalendar(bytes.toString('utf8'));
  return readInvitation(await parseMessage(bytes), RECEIVED_AT);
}

export async function replyFromFile(file: string): Promise<string> {
  const bytes = readFileSync(path.join(CORPUS, file));
  if (!file.endsWith('.eml')) return extractReplyText(bytes.toString('utf8'));
  const message = await parseMessage(bytes);
  return message.text !== undefined ? extractReplyText(message.text) : extractReplyTextFromHtml(message.html ?? '');
}
