import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { UNSUBSCRIBE_PATH } from '../domain/unsubscribe';
import { CONTROL_SECRET_HEADER } from './control-secret';

/**
 * Who may talk to the local web server. It listens on 127.0.0.1, but every web page the user
 * opens can still send it requests, so three checks stand between a page and the control API:
 * - Host must name this machine (127.0.0.1 or localhost): a DNS-rebinding page reaches us with
 *   its own host name in Host, and is refused before anything is read or changed;
 * - a POST must say `Content-Type: application/json`: a page can send `text/plain` or a form
 *   without asking, but JSON needs a CORS preflight, which this server never grants;
 * - the API needs the instance's secret (control-secret.ts), which only the `rapport` command reads.
 * The outbox page itself needs only a valid Host, so it opens in a browser: another site can send
 * the request but the browser never lets it read the answer (same-origin policy).
 * The one-click unsubscribe link (`/unsubscribe/<token>`) takes a form POST as a mail client sends
 * it (RFC 8058): its signed token is its only authority, as on AWS, and it can only turn emails off.
 */

interface Refusal {
  status: 400 | 401 | 403 | 415;
  error: string;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);
const HOST_HEADER = /^([a-z0-9.]+)(?::(\d{1,5}))?$/;

function isLocalHost(host: string | undefined, port: number): boolean {
  const match = HOST_HEADER.exec((host ?? '').toLowerCase());
  if (!match || !LOCAL_HOSTS.has(match[1]!)) return false;
  return match[2] === undefined || Number(match[2]) === port;
}

function hasSecret(headers: IncomingHttpHeaders, secret: string): boolean {
  const given = headers[CONTROL_SECRET_HEADER];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** Why this request is refused, or undefined when it may proceed. Checked before the body is read. */
export function refuseRequest(
  request: { method: string; path: string; headers: IncomingHttpHeaders },
  server: { port: number; secret: string },
): Refusal | undefined {
  if (!isLocalHost(request.headers.host, server.port)) return { status: 403, error: 'Host must be 127.0.0.1 or localhost' };
  const isApi = request.path.startsWith('/api/');
  if (request.path.startsWith(UNSUBSCRIBE_PATH)) return undefined;
  if (!isApi) return request.method === 'GET' ? undefined : { status: 403, error: 'only GET is served here' };
  if (request.method === 'POST' && !isJson(request.headers['content-type']))
    return { status: 415, error: 'the control API takes Content-Type: application/json' };
  if (!hasSecret(request.headers, server.secret))
    return { status: 401, error: `the control API is for the rapport command (header ${CONTROL_SECRET_HEADER})` };
  return undefined;
}
