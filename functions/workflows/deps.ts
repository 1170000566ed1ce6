import type { LoadTokenKeys } from '../domain/reply-token';
import type { Clock, Ids, Logger, Mailer, RawMailStore, Scheduler, Store } from '../ports';

/** What a deployment says about itself; the same shape in AWS and on one machine. */
export interface RapportConfig {
  /** The mail domain: `log@`, `help@` and `reply+…@` live here. */
  domain: string;
  /** Addresses or domains that may use Rapport (`*` for anyone). */
  allowedSenders: readonly string[];
  /** Where replies to the help email go (someone who reads them); without one, a reply gets help again. */
  operatorEmail?: string;
  /** HMAC keys of reply tokens (the previous one is still read during a rotation), loaded on first use. */
  tokenKeys: LoadTokenKeys;
  /**
   * Where the one-click unsubscribe link of a digest or keep-in-touch email points, without its
   * token (`https://…/unsubscribe`): the function URL on AWS, the outbox's web server on one
   * machine. Absent, `List-Unsubscribe` carries only the mailto (domain/unsubscribe.ts).
   */
  unsubscribeUrl?: string;
}

/** Everything a workflow needs from the outside, handed in by the runtime (Lambda or local). */
export interface Deps {
  store: Store;
  scheduler: Scheduler;
  mailer: Mailer;
  /** Where inbound mail is kept raw (S3 in AWS, files locally); workflows only delete from it. */
  rawMail: RawMailStore;
  clock: Clock;
  ids: Ids;
  log: Logger;
  config: RapportConfig;
}
