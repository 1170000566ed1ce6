import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, Logger, Operator, OperatorNotice } from '../../ports';

/** A notice as the local runtime keeps it: what the alarm topic would have carried, and when. */
export interface StoredNotice extends OperatorNotice {
  /** ISO UTC, by the runtime's clock. */
  at: string;
}

function noticesFile(dataDir: string): string {
  return join(dataDir, 'operator-notices.jsonl');
}

/**
 * The Operator port on one machine: each notice is a warning in the log and a line in
 * `<dataDir>/operator-notices.jsonl`, which the outbox page and `rapport bounce` show.
 */
export class OperatorNoticesFile implements Operator {
  constructor(private readonly options: { dataDir: string; clock: Clock; log: Logger }) {}

  async tell(notice: OperatorNotice): Promise<void> {
    const stored: StoredNotice = { at: this.options.clock.now().toISOString(), ...notice };
    await appendFile(noticesFile(this.options.dataDir), `${JSON.stringify(stored)}\n`);
    this.options.log.warn('operator told', { subject: notice.subject });
  }
}

/** Every notice so far, oldest first. */
export async function readOperatorNotices(dataDir: string): Promise<StoredNotice[]> {
  let text: string;
  try {
    text = await readFile(noticesFile(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as StoredNotice);
}
