import { corpusCases, replyFromFile } from './corpus-cases';

/** As the corpus conventions say: trailing spaces and runs of blank lines do not count. */
function normalize(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

describe('replies in the corpus of real mail', () => {
  test.each(corpusCases('reply').map((c) => [c.file, c] as const))('keeps only what the user wrote in %s', async (_file, c) => {
    const text = await replyFromFile(c.file);
    const accepted = [c.expected.replyText as string, ...((c.expected.acceptableAlso as string[] | undefined) ?? [])].map(normalize);
    expect(accepted).toContain(normalize(text));
    for (const quoted of (c.expected.mustNotContain as string[] | undefined) ?? []) expect(text).not.toContain(quoted);
  });
});
