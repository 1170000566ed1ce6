import { randomUUID } from 'node:crypto';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock, InboundLease, SendEnding, SendLease } from '../../ports';
import type { Key } from './keys';
import { TABLE_KEYS } from './table';
import { conditionHeld } from './table-io';

const { partitionKey: PK, expiresAt: EXPIRES_AT } = TABLE_KEYS;

/** `leaseState` of `SENT#` and `MSG#` items. */
const PENDING = 'pending';
const SENT = 'sent';
const GIVEN_UP = 'given-up';
/** Handed to the send queue: read back as sent (the workflow never queues it again). */
const QUEUED = 'queued';
const DONE = 'done';

/** A lease that was held, then gone before it could be read, is taken again at most this often. */
const TAKE_ATTEMPTS = 3;

/** A lease kept changing hands while it was being read: retryable. */
class LeaseContendedError extends Error {
  override name = 'LeaseContendedError';
}

/**
 * Idempotency leases as single items, the pattern of Powertools Idempotency
 * (https://docs.powertools.aws.dev/lambda/typescript/latest/features/idempotency/): a conditional
 * put writes a pending record with an expiry and a token; the holder completes it once the effect
 * happened, or deletes it (only while its token still holds it) when the effect failed, so the
 * retry acts. A pending record past its expiry belongs to an attempt that died: the next one
 * takes it over. One conditional write each, no transactions (dynalite has none).
 *
 * Send leases (`SENT#`) expire by `leaseUntil` (epoch ms) and their ending stays for good.
 * Inbound leases (`MSG#`) expire by the table's TTL attribute (epoch seconds): the same
 * attribute ends a pending lease and, days later, the done marker.
 */
export class LeaseItems {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  /**
   * Items written before leases existed have no `leaseState`; they were written just before
   * their send, so they count as sent.
   */
  async take(key: Key, leaseSeconds: number): Promise<SendLease> {
    const now = this.clock.now();
    return this.takeWith(
      key,
      (token) => ({
        leaseState: PENDING,
        leaseToken: token,
        leaseUntil: now.getTime() + leaseSeconds * 1000,
        claimedAt: now.toISOString(),
      }),
      {
        condition: `attribute_not_exists(${PK}) OR (leaseState = :pending AND leaseUntil <= :now)`,
        values: { ':pending': PENDING, ':now': now.getTime() },
      },
      (held): SendLease => {
        if (held.leaseState === PENDING) return { state: 'pending', expiresAt: new Date(Number(held.leaseUntil)) };
        if (held.leaseState === GIVEN_UP) return { state: 'given-up' };
        return { state: 'sent', ...(typeof held.messageId === 'string' ? { messageId: held.messageId } : {}) };
      },
    );
  }

  /** Only a pending lease is completed: the first ending recorded stays, and a deleted user's partition is not written again. */
  async completeSend(key: Key, ending: SendEnding): Promise<void> {
    const fields: Record<string, string> =
      'messageId' in ending
        ? { leaseState: SENT, messageId: ending.messageId }
        : 'queued' in ending
          ? { leaseState: QUEUED, queueMessageId: ending.queued }
          : { leaseState: GIVEN_UP, giveUpReason: ending.gaveUp };
    await conditionHeld(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${Object.keys(fields)
            .map((name) => `${name} = :${name}`)
            .join(', ')}, endedAt = :endedAt REMOVE leaseUntil, leaseToken`,
          ConditionExpression: 'leaseState = :pending',
          ExpressionAttributeValues: {
            ...Object.fromEntries(Object.entries(fields).map(([name, value]) => [`:${name}`, value])),
            ':endedAt': this.clock.now().toISOString(),
            ':pending': PENDING,
          },
        }),
      ),
    );
  }

  /** Only a `queued` lease: the Message-ID of the email the send queue's sender sent. */
  async recordQueuedSend(key: Key, messageId: string): Promise<void> {
    await conditionHeld(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET leaseState = :sent, messageId = :messageId, sentAt = :now',
          ConditionExpression: 'leaseState = :queued',
          ExpressionAttributeValues: { ':sent': SENT, ':messageId': messageId, ':now': this.clock.now().toISOString(), ':queued': QUEUED },
        }),
      ),
    );
  }

  async takeInbound(key: Key, leaseSeconds: number): Promise<InboundLease> {
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    return this.takeWith(
      key,
      (token) => ({ leaseState: PENDING, leaseToken: token, [EXPIRES_AT]: nowSeconds + leaseSeconds }),
      // Expired but not swept yet (DynamoDB deletes late): it no longer counts.
      { condition: `attribute_not_exists(${PK}) OR ${EXPIRES_AT} <= :now`, values: { ':now': nowSeconds } },
      (held): InboundLease =>
        held.leaseState === PENDING ? { state: 'pending', expiresAt: new Date(Number(held[EXPIRES_AT]) * 1000) } : { state: 'done' },
    );
  }

  /** Written whoever holds the lease now: the message has been processed. */
  async completeInbound(key: Key, keepSeconds: number): Promise<void> {
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...key, leaseState: DONE, [EXPIRES_AT]: nowSeconds + keepSeconds } }),
    );
  }

  /** Deletes a pending lease only while `token` still holds it: a later attempt may have taken it over. */
  async release(key: Key, token: string): Promise<void> {
    await conditionHeld(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: 'leaseState = :pending AND leaseToken = :token',
          ExpressionAttributeValues: { ':pending': PENDING, ':token': token },
        }),
      ),
    );
  }

  private async takeWith<T>(
    key: Key,
    item: (token: string) => Record<string, unknown>,
    condition: { condition: string; values: Record<string, unknown> },
    readHeld: (held: Record<string, unknown>) => T,
  ): Promise<T | { state: 'acquired'; token: string }> {
    for (let attempt = 0; attempt < TAKE_ATTEMPTS; attempt += 1) {
      const token = randomUUID();
      const taken = await conditionHeld(
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key, ...item(token) },
            ConditionExpression: condition.condition,
            ExpressionAttributeValues: condition.values,
          }),
        ),
      );
      if (taken) return { state: 'acquired', token };
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      // Released between the two calls: take it again.
      if (Item) return readHeld(Item);
    }
    throw new LeaseContendedError(`${key.PK} / ${key.SK} was released ${TAKE_ATTEMPTS} times while being taken`);
  }
}
