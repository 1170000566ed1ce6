import { neutralizeFlowed } from '../../../functions/inbound/flowed-text';

/**
 * format=flowed is renamed in text/plain Content-Type fields before postal-mime reads the message
 * (Rapport decodes flowed text itself); every other byte stays as it was.
 */
const read = (text: string) => {
  const result = neutralizeFlowed(Buffer.from(text, 'latin1'));
  return { text: Buffer.from(result.raw).toString('latin1'), flowed: result.flowed, delSp: result.delSp };
};

describe('neutralizing format=flowed', () => {
  it('renames the parameter in each text/plain field, folded or not, and reads DelSp', () => {
    const message = [
      'From: a@example.com',
      'Content-Type: multipart/alternative; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=UTF-8;',
      '\tformat=flowed; delsp=yes',
      '',
      'Text that says format=flowed in its body stays as written.',
      '--b',
      'content-type: TEXT/PLAIN; FORMAT="Flowed"',
      '',
      'second',
      '--b',
      'Content-Type: text/html; format=flowed',
      '',
      '<p>flowed</p>',
      '--b--',
    ].join('\r\n');
    expect(read(message)).toEqual({
      text: message
        .replace('\tformat=flowed; delsp=yes', '\tx-original-format=flowed; delsp=yes')
        .replace('; FORMAT="Flowed"', '; x-original-format=flowed'),
      flowed: true,
      delSp: true,
    });
  });

  it('hands on the very bytes of a message with nothing flowed', () => {
    const raw = Buffer.from('Content-Type: text/plain\r\nX-Note: flowed\r\n\r\nformat=flowed in the body\r\n');
    expect(neutralizeFlowed(raw)).toEqual({ raw, flowed: false, delSp: false });
    expect(neutralizeFlowed(raw).raw).toBe(raw);
  });

  it('finds the field of a parameter on its last folded line, at the end of the message', () => {
    expect(read('Content-Type: text/plain;\n charset=us-ascii;\n format=flowed')).toEqual({
      text: 'Content-Type: text/plain;\n charset=us-ascii;\n x-original-format=flowed',
      flowed: true,
      delSp: false,
    });
  });
});
