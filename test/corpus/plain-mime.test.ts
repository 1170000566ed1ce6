import { readdirSync } from 'node:fs';
import path from 'node:path';
import { neutralizeFlowed } from '../../functions/inbound/flowed-text';
import { CORPUS, corpusFile } from '../support/corpus';
import { bothReads } from '../support/mime-agreement';

/**
 * Every email of the corpus — invitations, replies, international replies — read by plain-mime as
 * postal-mime reads it (inbound/plain-mime.ts): real mail from real clients, none declined.
 */
const EMAILS = ['invites', 'replies', 'replies-intl'].flatMap((folder) =>
  readdirSync(path.join(CORPUS, folder))
    .filter((name) => name.endsWith('.eml'))
    .map((name) => `${folder}/${name}`),
);

describe('plain-mime on the corpus', () => {
  it.each(EMAILS)('reads %s as postal-mime does', async (file) => {
    const both = await bothReads(neutralizeFlowed(corpusFile(file)).raw);
    expect(both.plain).toBe('read');
    expect(both).not.toHaveProperty('postalRefused');
    if ('ours' in both) expect(both.ours).toEqual(both.postal);
  });
});
