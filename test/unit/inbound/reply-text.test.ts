import { extractReplyText, extractReplyTextFromHtml } from '../../../functions/inbound/reply-text';
import { parseMessage } from '../../../functions/inbound/parse-message';

describe('the text a user wrote in a reply', () => {
  test('drops a Gmail quote whose header wraps over two lines', () => {
    const text =
      'Great, see you then.\n\nOn Tue, Dec 3, 2024 at 3:00 PM Rapport <\nreply+abc@rapport.test> wrote:\n\n> Prep brief for your chat\n';
    expect(extractReplyText(text)).toBe('Great, see you then.');
  });

  test('keeps a sentence that ends in "wrote:" when no quote follows it', () => {
    const text = 'Here is what she wrote:\nTalk to Bob Lee <bob@lee.io> about the role.\n';
    expect(extractReplyText(text)).toBe(text.trim());
  });

  test('drops a localized quote header (French)', () => {
    expect(extractReplyText('sent\n\nLe mar. 3 déc. 2024 à 15:00, Rapport <reply@rapport.test> a écrit :\n> Thank-you draft\n')).toBe(
      'sent',
    );
  });

  test('drops a bold Outlook header block after an underscore rule', () => {
    const text =
      'done\n________________________________\n*From:* Rapport <reply@rapport.test>\n*Sent:* Tuesday\n*To:* Sam\n*Subject:* Prep brief\n\nbody';
    expect(extractReplyText(text)).toBe('done');
  });

  test('keeps every line of a multi-line note and drops "Sent from my iPhone"', () => {
    const text =
      'company: Acme\nrole: Staff engineer\nShe suggested I talk to Bob Lee <bob@lee.io>\n\nSent from my iPhone\n\nOn Dec 3, 2024, at 15:00, Rapport wrote:\n> hi';
    expect(extractReplyText(text)).toBe('company: Acme\nrole: Staff engineer\nShe suggested I talk to Bob Lee <bob@lee.io>');
  });

  test('keeps the body of a message that is not a reply at all', () => {
    expect(extractReplyText('reschedule Friday 3pm\n')).toBe('reschedule Friday 3pm');
  });

  test('reads an HTML-only reply, dropping the blockquote', () => {
    const html =
      '<div dir="ltr">cancel<br><br></div><div class="gmail_quote"><div>On Tue, Dec 3, 2024 at 3:00 PM Rapport &lt;reply@rapport.test&gt; wrote:</div><blockquote><p>Prep brief</p></blockquote></div>';
    expect(extractReplyTextFromHtml(html)).toBe('cancel');
  });

  test('reads a bottom-posted format=flowed reply below the quote', async () => {
    const raw =
      'From: a@example.com\r\nSubject: Re: x\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\n\r\nOn 04/02/2012 06:26 PM, B wrote:\r\n> Hi \r\nHello\r\n';
    const message = await parseMessage(raw);
    expect(extractReplyText(message.text ?? '')).toBe('Hello');
  });
});
