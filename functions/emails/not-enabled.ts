import { present } from '../domain/display-text';
import { template } from './not-enabled.generated';
import { appView, renderEmail, type BaseView, type BrandInput, type RenderedEmail } from './shared';

/** The one answer to a sender who is not allowed to use Rapport: nothing was logged. */

interface NotEnabledInput extends BrandInput {
  /** The address that wrote to us, to name it in the reply. */
  senderEmail?: string;
}

export interface NotEnabledView extends BaseView {
  body: string;
}

/** RFC 5321 §4.5.3.1.3: a path, and so an address, is at most 256 octets including the angle brackets. */
const MAX_ADDRESS = 254;

function notEnabledView(input: NotEnabledInput): NotEnabledView {
  const app = appView(input);
  const address = present(input.senderEmail, MAX_ADDRESS);
  return {
    app,
    subject: `${app.name} isn't enabled for this address`,
    preheader: 'Nothing was logged.',
    kicker: 'Not enabled',
    heading: `${app.name} isn't enabled for ${address ?? 'this address'}`,
    intro: 'Thanks for writing. We did not log anything from your email.',
    body: `If you expected ${app.name} to work for you, please ask the person who set it up to add ${address ?? 'this address'} — or send from the address you signed up with.`,
    footerNote: "This is an automatic reply; you won't hear from us again about this email.",
    minimalFooter: true,
  };
}

export function renderNotEnabled(input: NotEnabledInput): RenderedEmail {
  return renderEmail(template, notEnabledView(input));
}
