import { countMetric, INBOUND_IGNORED_METRIC } from '../commons/metrics';
import { readInboundMail, type Envelope } from '../inbound/read-inbound-mail';
import type { Deps } from './deps';
import { handleInboundEmail, type InboundOutcome } from './handle-inbound-email';

/**
 * Raw mail straight into the inbound workflow, both steps in one process: how the local runtime
 * (and the tests) receive mail. In AWS the two steps run in separate functions with a queue
 * between them (handlers/inbound-email.ts, handlers/process-inbound.ts).
 */
export async function receiveRawMail(
  deps: Deps,
  raw: Uint8Array | string,
  envelope: Omit<Envelope, 'receivedAt'>,
): Promise<InboundOutcome> {
  // Received now, by the runtime's clock: `RAPPORT_NOW` and the tests decide what that is.
  const read = await readInboundMail(raw, { ...envelope, receivedAt: deps.clock.now() });
  if (!read.ok) {
    // No readable header means no one to answer.
    deps.log.info('inbound ignored', {
      why: read.why,
      deliveryId: envelope.deliveryId,
      ...countMetric(INBOUND_IGNORED_METRIC, deps.clock.now()),
    });
    return { handled: false, why: read.why };
  }
  return handleInboundEmail(deps, read.mail);
}
