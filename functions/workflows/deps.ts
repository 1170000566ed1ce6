import type { Clock, Ids, Logger, Mailer, Scheduler, Store } from '../ports';

/** What a deployment says about itself; the same shape in AWS and on one machine. */
export interface RapportConfig {
  /** The mail domain: `log@`, `help@` and `reply+…@` live here. */
  domain: string;
  /** Addresses or domains that may use Rapport (`*` for anyone). */
  allowedSenders: readonly string[];
  /** HMAC key of reply tokens. */
  tokenSecret: string;
}

/** Everything a workflow needs from the outside, handed in by the runtime (Lambda or local). */
export interface Deps {
  store: Store;
  scheduler: Scheduler;
  mailer: Mailer;
  clock: Clock;
  ids: Ids;
  log: Logger;
  config: RapportConfig;
}

export function fromAddress(config: RapportConfig): string {
  return `Rapport <log@${config.domain}>`;
}
