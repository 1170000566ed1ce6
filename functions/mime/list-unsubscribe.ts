import { foldHeader } from './header-line';

/**
 * `List-Unsubscribe` (RFC 2369 §3.2) and `List-Unsubscribe-Post` (RFC 8058 §3.1): how a mail
 * client offers "unsubscribe" beside the sender. The URIs are Rapport's own (a reply address and
 * the one-click link), but are still checked here: a URI with a space, a comma or an angle
 * bracket would end its `<…>` early or split the list, so it is refused rather than written.
 */
export interface ListUnsubscribe {
  /** `mailto:<stop address>?subject=unsubscribe`. */
  mailto: string;
  /** The one-click link, POSTed with `List-Unsubscribe=One-Click` (HTTPS in every deployment but the loopback one). */
  oneClick?: string;
}

/** Printable ASCII without the characters that delimit the header's list (RFC 2369 §2: commas in a URI are escaped). */
const HEADER_URI = /^[\x21-\x2b\x2d-\x3b\x3d\x3f-\x7e]+$/;

function bracketed(uri: string, scheme: RegExp): string {
  if (!scheme.test(uri) || !HEADER_URI.test(uri) || uri.length > 900)
    throw new RangeError(`not a List-Unsubscribe URI: ${uri.slice(0, 80)}`);
  return `<${uri}>`;
}

/**
 * The header lines, folded. The one-click link comes first (RFC 2369: in order of preference);
 * `List-Unsubscribe-Post` is written only beside one (RFC 8058 §3.1).
 */
export function listUnsubscribeHeaders(value: ListUnsubscribe): string[] {
  const uris = [...(value.oneClick ? [bracketed(value.oneClick, /^https?:\/\//)] : []), bracketed(value.mailto, /^mailto:/)];
  return [
    foldHeader('List-Unsubscribe', uris.join(', ')),
    ...(value.oneClick ? [foldHeader('List-Unsubscribe-Post', 'List-Unsubscribe=One-Click')] : []),
  ];
}
