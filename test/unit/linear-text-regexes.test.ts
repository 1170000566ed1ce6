import { oneLine, present } from '../../functions/domain/display-text';
import { insightsFrom, introductionsIn, namesIn, notAnInsight, specificity, toSecondPerson } from '../../functions/domain/learned';
import { didYouMean, introducedByName, readContactLine, readNaturalCommand } from '../../functions/domain/natural-commands';
import { findMentions, parseReply } from '../../functions/domain/read-reply';
import { COMMAND_KEYS, COMMAND_WORDS, readNamedAddress } from '../../functions/domain/reply-commands';
import { decodeEntities, htmlToText } from '../../functions/inbound/html-text';
import { extractReplyText, extractReplyTextFromHtml } from '../../functions/inbound/reply-text';

/**
 * Every reader of email or note text whose regular expressions see what a stranger wrote. Each
 * is run on hostile strings (long runs of the characters its patterns start or stop on) of 16 KB
 * and of 64 KB: linear work takes about 4× as long on the longer one, a backtracking pattern
 * that rescans from every position 16×. A reader over 8× fails. Add a new text reader here.
 */
const TEXT_READERS: Record<string, (text: string) => unknown> = {
  findMentions,
  readNamedAddress,
  parseReply,
  notAnInsight,
  specificity,
  insightsFrom: (text) => insightsFrom([text], ['Priya']),
  toSecondPerson,
  namesIn: (text) => namesIn([text]),
  introductionsIn: (text) => introductionsIn([text]),
  readNaturalCommand,
  readContactLine,
  introducedByName,
  didYouMean: (line: string) => didYouMean(line, COMMAND_KEYS, COMMAND_WORDS),
  extractReplyText,
  extractReplyTextFromHtml,
  htmlToText,
  decodeEntities,
  oneLine,
  present: (text) => present(text, 100_000),
};

/** Runs of what the project's patterns scan for: letters, capitals, spaces, brackets, @, dots, entities. */
const HOSTILE_UNITS = ['a', 'A', ' ', '<', '@', '.', '-', '\n', "'", ':', '&', 'a@', 'Aa ', '<a', 'a.', '&#', '> ', 'On a ', '<b'];

const SMALL = 16 * 1024;
const LARGE = 64 * 1024;
/** Linear is 4×; quadratic 16×. A 64 KB read under the floor is fast whatever its shape (and too short to time well). */
const MAX_RATIO = 8;
const FLOOR_MS = 100;

function hostile(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

function bestOf(runs: number, work: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('regular expressions over untrusted text do linear work', () => {
  it.each(Object.entries(TEXT_READERS))('%s', (_name, read) => {
    const slow: string[] = [];
    for (const unit of HOSTILE_UNITS) {
      const small = bestOf(3, () => read(hostile(unit, SMALL)));
      const large = bestOf(3, () => read(hostile(unit, LARGE)));
      if (large > FLOOR_MS && large > MAX_RATIO * small) {
        slow.push(`${JSON.stringify(unit)}: ${small.toFixed(1)} ms at 16 KB, ${large.toFixed(1)} ms at 64 KB`);
      }
    }
    expect(slow).toEqual([]);
  });
});
