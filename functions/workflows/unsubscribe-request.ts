import type { Deps } from './deps';
import { unsubscribeByLink, type UnsubscribeOutcome } from './unsubscribe';

/**
 * The one-click unsubscribe link as HTTP, the same on the local web server and the AWS function
 * URL (both only translate their request into this one). RFC 8058 §3.2: the mail provider POSTs
 * `List-Unsubscribe=One-Click`; a GET never changes anything (link checkers and mail scanners
 * fetch every link they see) and shows a button that POSTs.
 */
export interface UnsubscribeRequest {
  method: string;
  /** What the path holds after `/unsubscribe/`: the token, unchecked (readOneClickToken checks it). */
  token: string;
  /** The body as text (at most MAX_UNSUBSCRIBE_BODY bytes; larger is refused before this). */
  body: string;
}

export interface UnsubscribeResponse {
  status: 200 | 400 | 405;
  contentType: 'text/html; charset=utf-8';
  body: string;
}

/** RFC 8058's body is 26 bytes; a form a browser sends with it, a few hundred. */
export const MAX_UNSUBSCRIBE_BODY = 4096;

/** `List-Unsubscribe=One-Click`, URL-encoded (RFC 8058 §3.2) or as a multipart/form-data field. */
function saysOneClick(body: string): boolean {
  if (new URLSearchParams(body.trim()).get('List-Unsubscribe') === 'One-Click') return true;
  return /name="List-Unsubscribe"\r?\n\r?\nOne-Click\r?\n/.test(body);
}

function page(status: UnsubscribeResponse['status'], title: string, html: string): UnsubscribeResponse {
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:2em auto;padding:0 1em;color:#1f2933}button{font:inherit;padding:.6em 1.2em}</style></head><body><h1>${title}</h1>${html}</body></html>`,
  };
}

/** What a POST that went through says. */
function outcomePage(outcome: UnsubscribeOutcome): UnsubscribeResponse {
  if (outcome.outcome === 'refused')
    return page(
      400,
      'Nothing changed',
      outcome.why === 'expired'
        ? '<p>This unsubscribe link is too old. Use the one in a newer email from Rapport.</p>'
        : '<p>This unsubscribe link is not valid.</p>',
    );
  const what = outcome.stream === 'digest' ? 'the weekly digest' : 'keep-in-touch emails';
  const more = outcome.changed ? ' An email confirms it and says how to have them again.' : '';
  return page(200, 'Unsubscribed', `<p>You are unsubscribed from ${what}.${more}</p>`);
}

/** A one-click request answered: unsubscribed, refused, or (GET) the button that unsubscribes. */
export async function answerUnsubscribeRequest(deps: Deps, request: UnsubscribeRequest): Promise<UnsubscribeResponse> {
  if (request.method === 'GET')
    // The form posts to this same URL; the token is never echoed into the page.
    return page(
      200,
      'Unsubscribe?',
      '<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>',
    );
  if (request.method !== 'POST') return page(405, 'Nothing changed', '<p>Use the link in the email.</p>');
  if (!saysOneClick(request.body)) return page(400, 'Nothing changed', '<p>The request did not say List-Unsubscribe=One-Click.</p>');
  return outcomePage(await unsubscribeByLink(deps, request.token));
}
