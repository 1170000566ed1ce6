import { createHash } from 'node:crypto';
import { z } from '../../commons/zod';

/**
 * SQS takes a body of at most 256 KiB (262,144 bytes). The raw message travels base64-encoded
 * (4 bytes per 3) inside a little JSON, so a message up to this size is queued; a larger one (a
 * big export) is sent directly by the function that wrote it (docs/operations.md "The send queue").
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
 */
export const QUEUED_RAW_LIMIT_BYTES = 190_000;

/** What one send-queue message carries: the composed message and the key it is sent once under. */
export const QueuedEmail = z.object({
  v: z.literal(1),
  /** SHA-256 (hex) of the email's idempotency key: no address or user id on the queue or in the lease item. */
  key: z.string().regex(/^[0-9a-f]{64}$/),
  /** The raw RFC 5322 message, base64. */
  raw: z
    .string()
    .max(Math.ceil(QUEUED_RAW_LIMIT_BYTES / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/),
  /** The workflow's send lease (user id and send key, as the table names them), to record the Message-ID in. */
  lease: z.object({ userId: z.string().min(1).max(200), key: z.string().min(1).max(1000) }).optional(),
});
export type QueuedEmail = z.infer<typeof QueuedEmail>;

export function deliveryKey(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex');
}

export function queuedEmailBody(idempotencyKey: string, raw: Uint8Array, lease?: QueuedEmail['lease']): string {
  const body: QueuedEmail = {
    v: 1,
    key: deliveryKey(idempotencyKey),
    raw: Buffer.from(raw).toString('base64'),
    ...(lease ? { lease } : {}),
  };
  return JSON.stringify(body);
}

/** Reads a send-queue body; throws (zod) on anything else: such a body can never be sent. */
export function readQueuedEmail(body: string): { key: string; raw: Buffer; lease?: { userId: string; key: string } } {
  const parsed = QueuedEmail.parse(JSON.parse(body));
  return { key: parsed.key, raw: Buffer.from(parsed.raw, 'base64'), ...(parsed.lease ? { lease: parsed.lease } : {}) };
}
