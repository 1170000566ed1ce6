import { LIMITS } from '../domain/model';

/**
 * Finds the link a participant clicks to join a call. Providers are recognised by host and
 * path, so a "view this event in Google Calendar" or an unsubscribe link in the same text is
 * never taken for the meeting.
 */

/** Join links of the common providers; the first match in a text wins. */
const PROVIDER_PATTERNS: readonly RegExp[] = [
  /^https:\/\/meet\.google\.com\/[a-z]{3,}-[a-z]{3,}-[a-z]{3,}/i,
  /^https:\/\/meet\.google\.com\/lookup\//i,
  /^https:\/\/([a-z0-9-]+\.)*zoom\.(us|com)\/(j|w|my|s|wc\/join)\//i,
  /^https:\/\/([a-z0-9-]+\.)*zoomgov\.com\/(j|w|my|s)\//i,
  /^https:\/\/teams\.microsoft\.com\/(l\/meetup-join|meet)\//i,
  /^https:\/\/teams\.live\.com\/meet\//i,
  /^https:\/\/([a-z0-9-]+\.)*webex\.com\/([a-z0-9-]+\/)?(j\.php|meet|join|wbxmjs|m)\b/i,
  /^https:\/\/([a-z0-9-]+\.)*webex\.com\/[a-z0-9.-]+\/j\.php/i,
  /^https:\/\/([a-z0-9-]+\.)*bluejeans\.com\/\d+/i,
  /^https:\/\/(app\.)?chime\.aws\/\d+/i,
  /^https:\/\/([a-z0-9-]+\.)?whereby\.com\/[a-z0-9-]+/i,
  /^https:\/\/meet\.jit\.si\/[^/\s]+/i,
  // Self-hosted Jitsi and BigBlueButton (Greenlight rooms "/b/…", "/rooms/…/join", the API's join call).
  /^https:\/\/(?:[a-z0-9-]+\.)*jitsi\.[a-z0-9.-]+\/[^/\s?#]+/i,
  /^https:\/\/(?:[a-z0-9-]+\.)*(?:bbb|bigbluebutton|greenlight)[a-z0-9-]*\.[a-z0-9.-]+\/(?:b|rooms)\/[a-z0-9-]+/i,
  /^https:\/\/[a-z0-9.-]+\/bigbluebutton\/api\/join\b/i,
  /^https:\/\/(global|app|meet)\.gotomeeting\.com\/(join\/)?\d+/i,
  /^https:\/\/([a-z0-9-]+\.)*skype\.com\/[a-z0-9]+/i,
];

/** Characters that end a URL in running text (RFC 3986 allows none of them unescaped). */
const URL_IN_TEXT = /https:\/\/[^\s<>"'`{}|\\^\])]+/gi;

export function isVideoUrl(url: string): boolean {
  return PROVIDER_PATTERNS.some((pattern) => pattern.test(url));
}

/** The https URLs in a text, in order, with trailing sentence punctuation removed; found as they are asked for. */
function* urlsIn(text: string): Generator<string, void, undefined> {
  for (const match of text.matchAll(URL_IN_TEXT)) {
    // Length first: the trailing-punctuation trim is quadratic on a long run of dots.
    if (match[0].length > LIMITS.url + 16) continue;
    const url = match[0].replace(/&amp;/g, '&').replace(/[.,;:!?*'")]+$/, '');
    if (url.length <= LIMITS.url) yield url;
  }
}

/** The first join link of a known provider in the texts, in the order given: the rest of a long body is not searched. */
export function findVideoUrl(texts: ReadonlyArray<string | undefined>): string | undefined {
  for (const text of texts) {
    if (!text) continue;
    for (const url of urlsIn(text)) if (isVideoUrl(url)) return url;
  }
  return undefined;
}

/** "Join: https://…", "Join the meeting", then the link on the next line: a join link of a provider not listed above. */
const JOIN_WORDS = /\b(?:join|beitreten|rejoindre|participer|unirse|unirte|entrar|partecipa|deelnemen)\b/i;
/** Lines of a text searched for a generic join link: it sits with the invitation's details, near the top. */
const MAX_JOIN_LINES = 120;

/**
 * The link a text offers to join by, when no known provider's link is there: a URL on a line
 * that says "join" in one of the languages Rapport reads, or on the line after one.
 */
export function findJoinLink(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const lines = text.split('\n', MAX_JOIN_LINES);
  for (let index = 0; index < lines.length; index++) {
    if (!JOIN_WORDS.test(lines[index]!)) continue;
    const [url] = [...urlsIn(lines[index]!), ...urlsIn(lines[index + 1] ?? '')];
    if (url && !/unsubscribe|calendar\.google\.com|calendly\.com\/(?:cancellations|reschedulings)/i.test(url)) return url;
  }
  return undefined;
}

/**
 * A value that is nothing but a URL (a LOCATION of "https://bluejeans.com/799…", an
 * X-…-MEETINGURL property): taken even when the provider is not one listed above.
 */
export function wholeValueUrl(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !/^https:\/\/\S+$/i.test(trimmed)) return undefined;
  const [url] = urlsIn(trimmed);
  return url;
}
