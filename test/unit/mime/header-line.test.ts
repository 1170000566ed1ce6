import { foldHeader, headerSafe, PREFERRED_LINE_LENGTH } from '../../../functions/mime/header-line';

const unfold = (header: string): string => header.replace(/\r\n(?=[ \t])/g, '');

describe('headerSafe', () => {
  it('replaces CR, LF and other control characters with a space and trims', () => {
    expect(headerSafe(' a\r\nBcc: x@evil.example ')).toBe('a Bcc: x@evil.example');
    expect(headerSafe('a\u0000b\u007fc\u0085d\u2028e\tf')).toBe('a b c d e f');
  });

  it('keeps ordinary Unicode', () => {
    expect(headerSafe('Zoë 👋 会議')).toBe('Zoë 👋 会議');
  });
});

describe('foldHeader', () => {
  it('leaves a short header on one line', () => {
    expect(foldHeader('Subject', 'Hello')).toBe('Subject: Hello');
  });

  it('folds at whitespace into lines of at most 78 characters, and unfolds to the same value', () => {
    const value = Array.from({ length: 60 }, (_, i) => `<message-${i}@mail.example>`).join(' ');
    const folded = foldHeader('References', value);
    for (const line of folded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(PREFERRED_LINE_LENGTH);
    expect(unfold(folded)).toBe(`References: ${value}`);
  });

  it('never folds right after the field name or into a line of only whitespace', () => {
    const folded = foldHeader('Subject', `${'x'.repeat(90)}      y`);
    const lines = folded.split('\r\n');
    expect(lines[0]).toMatch(/^Subject: x/);
    for (const line of lines) expect(line).toMatch(/[^ \t]/);
    expect(unfold(folded)).toBe(`Subject: ${'x'.repeat(90)}      y`);
  });

  it('allows a line over 78 characters when nothing can be folded, and refuses one over 998', () => {
    expect(foldHeader('X', 'y'.repeat(200))).toBe(`X: ${'y'.repeat(200)}`);
    expect(() => foldHeader('X', 'y'.repeat(1000))).toThrow(RangeError);
  });
});
