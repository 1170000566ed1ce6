import { htmlToText } from '../../../functions/inbound/html-text';
import { extractReplyTextFromHtml } from '../../../functions/inbound/reply-text';

/**
 * HTML-only replies as each client writes them: the quoted message sits in the client's own
 * container element, which is dropped before the HTML becomes text. The attribution lines are in
 * languages the text rules do not know (Finnish, Turkish, Hungarian), so only the container finds them.
 */
const RAPPORT_CONFIRMATION =
  '<p>Logged</p><p>Chat with Jane Doe (Acme)</p><p>What: Coffee with Jane<br>When: Thu 4 Mar 2027, 15:00–15:45 CET</p><p>cancel<br>Call it off and stop the reminders.</p>';

describe('HTML-only replies: the client’s quote container is cut', () => {
  it('Gmail: div.gmail_quote with its attribution and blockquote', () => {
    const html = [
      '<div dir="ltr"><div>company: Acme Robotics</div><div>role: Head of hardware</div><div><br></div><div>Eva</div></div><br>',
      '<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">ti 2. maalisk. 2027 klo 10.00 Rapport &lt;<a href="mailto:log@rapport.localhost">log@rapport.localhost</a>&gt; kirjoitti:<br></div>',
      `<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div>${RAPPORT_CONFIRMATION}</div></blockquote></div>`,
    ].join('');
    expect(extractReplyTextFromHtml(html)).toBe('company: Acme Robotics\nrole: Head of hardware\n\nEva');
  });

  it('Outlook on the web: div#appendonsend, the rule, div#divRplyFwdMsg and the old message after it', () => {
    const html = [
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head>',
      '<body dir="ltr"><div class="elementToProof" style="font-family: Aptos, sans-serif; font-size: 12pt;">reschedule Fri 10:00</div>',
      '<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">',
      '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>Kimden:</b> Rapport &lt;log@rapport.localhost&gt;<br><b>Gönderildi:</b> 2 Mart 2027 Salı 10:00<br><b>Kime:</b> Eva Musterfrau<br><b>Konu:</b> Logged</font><div>&nbsp;</div></div>',
      `<div>${RAPPORT_CONFIRMATION}</div></body></html>`,
    ].join('');
    expect(extractReplyTextFromHtml(html)).toBe('reschedule Fri 10:00');
  });

  it('Outlook with only div#divRplyFwdMsg (no appendonsend marker)', () => {
    const html = `<div>sent</div><hr><div id="divRplyFwdMsg"><b>Feladó:</b> Rapport<br><b>Elküldve:</b> 2027. március 2.</div><div>${RAPPORT_CONFIRMATION}</div>`;
    expect(extractReplyTextFromHtml(html)).toBe('sent');
  });

  it('Yahoo Mail: div.yahoo_quoted', () => {
    const html = [
      '<html><head></head><body><div class="ydp3f9c2a1byahoo-style-wrap" style="font-family:Helvetica Neue, Helvetica, Arial, sans-serif;font-size:13px;"><div dir="ltr" data-setdir="false">Thanks! It went well, sent the note.</div></div>',
      '<div id="ydp5b1e8a3cyahoo_quoted_1234" class="ydp5b1e8a3cyahoo_quoted yahoo_quoted">',
      '<div style="font-family:\'Helvetica Neue\', Helvetica, Arial, sans-serif;font-size:13px;color:#26282a;"><div>2027. március 2., kedd 10:00:00 CET, Rapport &lt;log@rapport.localhost&gt; írta:</div><div><br></div>',
      `<div><div id="ydp5b1e8a3cyiv1234">${RAPPORT_CONFIRMATION}</div></div></div></div></body></html>`,
    ].join('');
    expect(extractReplyTextFromHtml(html)).toBe('Thanks! It went well, sent the note.');
  });

  it('Apple Mail: blockquote type="cite", the reply and signature above it kept', () => {
    const html = [
      '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">',
      '<div dir="ltr">contact: Jane Doe &lt;jane@acme.io&gt;</div><div dir="ltr"><br></div>',
      '<div dir="ltr"><br><blockquote type="cite">2.3.2027 kello 10.00, Rapport &lt;log@rapport.localhost&gt; kirjoitti:<br><br></blockquote></div>',
      `<blockquote type="cite"><div dir="ltr">${RAPPORT_CONFIRMATION}</div></blockquote></body></html>`,
    ].join('');
    expect(extractReplyTextFromHtml(html)).toBe('contact: Jane Doe <jane@acme.io>');
  });

  it('Thunderbird: div.moz-cite-prefix and the blockquote after it', () => {
    const html = [
      '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body>',
      '<p>notes: asked about the hiring plan for Q3</p>',
      '<div class="moz-cite-prefix">2.3.2027 klo 10.00, Rapport kirjoitti:<br></div>',
      `<blockquote type="cite" cite="mid:abc@rapport.localhost">${RAPPORT_CONFIRMATION}</blockquote>`,
      '<div class="moz-signature">-- <br>Eva Musterfrau</div></body></html>',
    ].join('');
    expect(extractReplyTextFromHtml(html)).toBe('notes: asked about the hiring plan for Q3');
  });

  it('keeps every line of a top-posted reply, its quoted words and sign-off included', () => {
    const html = [
      '<div dir="ltr"><div>role: Staff engineer</div><div><br></div><div>She said: “happy to introduce you to Dana” &gt; so I will write to her.</div><div><br></div><div>Eva</div></div>',
      `<div class="gmail_quote"><div class="gmail_attr">On Tue, 2 Mar 2027 at 10:00, Rapport wrote:</div><blockquote class="gmail_quote">${RAPPORT_CONFIRMATION}</blockquote></div>`,
    ].join('');
    const text = extractReplyTextFromHtml(html);
    expect(text).toBe('role: Staff engineer\n\nShe said: “happy to introduce you to Dana” > so I will write to her.\n\nEva');
    expect(text).not.toContain('Logged');
    expect(text).not.toContain('Call it off');
  });

  it('keeps a reply written below a quote container (bottom-posted)', () => {
    const html = `<div class="gmail_quote"><blockquote class="gmail_quote">${RAPPORT_CONFIRMATION}</blockquote></div><div>cancel</div>`;
    expect(extractReplyTextFromHtml(html)).toBe('cancel');
  });

  it('does not drop containers when reading an invitation body (a forward is inside div.gmail_quote)', () => {
    const html = '<div>fyi</div><div class="gmail_quote">---------- Forwarded message ---------<br>When: Thu 4 Mar 2027 15:00</div>';
    expect(htmlToText(html)).toContain('When: Thu 4 Mar 2027 15:00');
  });

  it('a container that never closes takes the rest, like a browser; hostile attributes stay linear', () => {
    expect(htmlToText('<p>ok</p><div class="gmail_quote"><div>quoted', { dropQuotes: true })).toBe('ok');
    const hostile = `<p>ok</p>${'<div class="x" id="y" '.repeat(20_000)}`;
    expect(htmlToText(hostile, { dropQuotes: true })).toBe('ok');
    const nested = `<p>ok</p><div class="gmail_quote">${'<div>'.repeat(20_000)}${'</div>'.repeat(20_001)}<p>after</p>`;
    expect(htmlToText(nested, { dropQuotes: true })).toBe('ok\nafter');
  });
});
