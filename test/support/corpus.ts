import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The corpus of real emails: `RAPPORT_CORPUS`, or `../shared/corpus` beside the checkout. It is
 * never copied into the repository, so only the tiers that say they need it read it (test/tiers.js).
 */
export const CORPUS = process.env.RAPPORT_CORPUS
  ? path.resolve(process.env.RAPPORT_CORPUS)
  : path.resolve(__dirname, '../../../shared/corpus');

/** Why the corpus cannot be read, naming where it was looked for; undefined when it is there. */
export function corpusMissing(): string | undefined {
  if (existsSync(path.join(CORPUS, 'GROUND_TRUTH.json'))) return undefined;
  return (
    `This test reads the corpus of real emails at ${CORPUS}, and there is none there. ` +
    'Put the corpus at ../shared/corpus beside this checkout, or set RAPPORT_CORPUS to its folder (docs/testing.md).'
  );
}

/** The bytes of one corpus file, by its path inside the corpus. */
export function corpusFile(relative: string): Buffer {
  return readFileSync(path.join(CORPUS, relative));
}
