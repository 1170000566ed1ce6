import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { z } from '../../commons/zod';
import type { DueEntry } from '../../domain/keep-in-touch';
import { type ActionList, Contact, Interview, Note, PendingInvitation, Suppression, type TotalName, User } from '../../domain/model';
import { type Clock, ConditionFailedError, type HistoryRecords, type SendEnding, type Store } from '../../ports';
import { systemClock } from '../system-clock';
import { type Key, keys, normalizeEmail, sortableUtc, userPk } from './keys';
import * as backfill from './history-backfill';
import { moveMeetingMarker, meetingMarker, newestMarkers, putReferralMarker, referralMarker } from './history-items';
import { historyPages } from './history-pages';
import { LeaseItems } from './lease-items';
import * as openItems from './open-items';
import { isConditionalCheckFailed, TABLE_KEYS } from './table';
import { conditionHeld, queryItems } from './table-io';

const { partitionKey: PK, sortKey: SK, gsi1PartitionKey: GSI1PK, gsi1SortKey: GSI1SK, expiresAt: EXPIRES_AT } = TABLE_KEYS;

/** An item read back from the table does not match its schema: a bug or a hand edit, never retried into shape. */
class StoredItemInvalidError extends Error {
  override name = 'StoredItemInvalidError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface DynamoDbStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Decides when a TTL'd marker counts as expired (DynamoDB deletes them late). */
  clock?: Clock;
}

/**
 * The Store port over one DynamoDB table. Every read is a GetItem or a Query on one partition,
 * every write one conditional single-item write (no transactions: the embedded engine has none).
 */
export class DynamoDbStore implements Store {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  private readonly leases: LeaseItems;

  private get table() {
    return { client: this.client, tableName: this.tableName };
  }

  constructor(options: DynamoDbStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
    this.leases = new LeaseItems(this.client, this.tableName, this.clock);
  }

  async getUser(userId: string) {
    return this.getParsed(keys.user(userId), User);
  }

  async findUserIdByEmail(email: string) {
    const item = await this.getItem(keys.email(email));
    return typeof item?.userId === 'string' ? item.userId : undefined;
  }

  /**
   * The marker in the user's partition goes first, so `deleteUserData` always finds the mapping
   * it has to remove, even after a crash between the two writes.
   */
  async claimEmail(email: string, userId: string) {
    const address = normalizeEmail(email);
    await this.put({ Item: { ...keys.address(userId, address), email: address } });
    const claimed = await this.putIfAbsent(
      { Item: { ...keys.email(address), email: address, userId } },
      { condition: `attribute_not_exists(${PK}) OR userId = :userId`, values: { ':userId': userId } },
    );
    if (!claimed) await this.deleteItem(keys.address(userId, address));
    return claimed;
  }

  async createUser(user: User) {
    const created = await this.putIfAbsent({ Item: { ...keys.user(user.userId), ...plain(User.parse(user)) } });
    if (created) await backfill.markersDone(this.table, user.userId); // a new user has no history to mark
    return created;
  }

  async putUser(user: User) {
    await this.put({ Item: { ...keys.user(user.userId), ...plain(User.parse(user)) } });
  }

  async getInterview(userId: string, interviewId: string) {
    return this.getParsed(keys.interview(userId, interviewId), Interview);
  }

  async putInterview(interview: Interview, expectedVersion: number | undefined) {
    const valid = Interview.parse(interview);
    const item = {
      ...keys.interview(valid.userId, valid.interviewId),
      ...keys.interviewByStart(valid.userId, valid.startUtc, valid.interviewId),
      ...plain(valid),
    };
    const condition =
      expectedVersion === undefined
        ? { ConditionExpression: `attribute_not_exists(${PK})` }
        : {
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': expectedVersion },
          };
    let replaced: Record<string, unknown> | undefined;
    try {
      replaced = (await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ...condition, ReturnValues: 'ALL_OLD' })))
        .Attributes;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const expected = expectedVersion === undefined ? 'no interview yet' : `version ${expectedVersion}`;
      throw new ConditionFailedError(`interview ${valid.interviewId}: expected ${expected}`, { cause: error });
    }
    await moveMeetingMarker(this.table, valid, replaced);
  }

  async hasMetBefore(userId: string, email: string, beforeUtc: string) {
    if (!(await backfill.markersReady(this.table, userId))) return backfill.metBeforeFromHistory(this.table, userId, email, beforeUtc);
    for (const marker of await newestMarkers(this.table, userId, keys.metPrefix(email), keys.metBefore(email, beforeUtc))) {
      const interview = await this.getInterview(userId, marker.ref);
      if (interview && meetingMarker(interview)?.SK === marker.sk) return true;
    }
    return false;
  }

  async latestReferralFrom(userId: string, interviewId: string) {
    if (!(await backfill.markersReady(this.table, userId))) return backfill.latestReferralFromHistory(this.table, userId, interviewId);
    const prefix = keys.referralPrefix(interviewId);
    for (const marker of await newestMarkers(this.table, userId, prefix, `${prefix}~`)) {
      const contact = await this.getContact(userId, marker.ref);
      if (contact && referralMarker(contact)?.SK === marker.sk) return contact;
    }
    return undefined;
  }

  async backfillHistoryMarkers(userId: string) {
    return backfill.backfillMarkers(this.table, userId);
  }

  historyPages<K extends keyof HistoryRecords>(userId: string, kind: K) {
    return historyPages(this.table, userId, kind);
  }

  async listInterviews(userId: string, range: { fromUtc: string; toUtc: string }) {
    // GSI1SK is `<startUtc>#<id>`: BETWEEN from AND to keeps starts in [from, to), since any
    // key starting with `to` sorts after `to` itself.
    const items = await this.queryAll({
      IndexName: TABLE_KEYS.gsi1Name,
      KeyConditionExpression: `${GSI1PK} = :pk AND ${GSI1SK} BETWEEN :from AND :to`,
      ExpressionAttributeValues: {
        ':pk': userPk(userId),
        ':from': sortableUtc(range.fromUtc),
        ':to': sortableUtc(range.toUtc),
      },
    });
    return items.map((item) => parseItem(item, Interview));
  }

  async putContact(contact: Contact) {
    const valid = Contact.parse(contact);
    await openItems.putContactWithIndex(this.table, valid, { ...keys.contact(valid.userId, valid.email), ...plain(valid) });
    await putReferralMarker(this.table, valid);
  }

  async getContact(userId: string, email: string) {
    return this.getParsed(keys.contact(userId, email), Contact);
  }

  async listContacts(userId: string) {
    const items = await this.queryPrefix(userPk(userId), keys.contactPrefix);
    return items.map((item) => parseItem(item, Contact));
  }

  async putPendingInvitation(pending: PendingInvitation, ttlSeconds: number) {
    const valid = PendingInvitation.parse(pending);
    const expiresAt = Math.floor(this.clock.now().getTime() / 1000) + ttlSeconds;
    await this.put({ Item: { ...keys.pending(valid.userId, valid.pendingId), ...plain(valid), [EXPIRES_AT]: expiresAt } });
  }

  async putDueEntry(userId: string, entry: DueEntry) {
    return openItems.putDue(this.table, userId, entry);
  }

  async deleteDueEntry(userId: string, entry: Pick<DueEntry, 'kind' | 'dueUtc' | 'ref'>) {
    return openItems.deleteDue(this.table, userId, entry);
  }

  async listDue(userId: string, options: { untilUtc: string; limit: number }) {
    return openItems.listDue(this.table, userId, options);
  }

  async getTotals(userId: string) {
    return openItems.getTotals(this.table, userId);
  }

  async addToTotals(userId: string, changes: Partial<Record<TotalName, number>>, lastHeldUtc?: string) {
    await openItems.addToTotals(this.table, userId, changes, lastHeldUtc);
  }

  async putActionList(list: ActionList) {
    await openItems.putActionList(this.table, list);
  }

  async getActionList(userId: string, listId: string) {
    return openItems.getActionList(this.table, userId, listId);
  }

  async getPendingInvitation(userId: string, pendingId: string) {
    const item = await this.getItem(keys.pending(userId, pendingId));
    // DynamoDB sweeps expired items late: an expired one no longer counts.
    if (!item || Number(item[EXPIRES_AT]) <= Math.floor(this.clock.now().getTime() / 1000)) return undefined;
    return parseItem(item, PendingInvitation);
  }

  /** Keyed by interview and message: the same note twice keeps the first. */
  async addNote(note: Note, noteId: string) {
    const valid = Note.parse(note);
    await this.putIfAbsent({ Item: { ...keys.note(valid.userId, valid.interviewId, noteId), ...plain(valid) } });
  }

  /** Oldest first, by when each was written (the sort key names the message, not the time). */
  async listNotes(userId: string, interviewId: string) {
    const items = await this.queryPrefix(userPk(userId), keys.notePrefix(interviewId));
    return items.map((item) => parseItem(item, Note)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** One query over the partition's notes: their sort keys share one prefix across interviews. */
  async listAllNotes(userId: string) {
    const items = await this.queryPrefix(userPk(userId), keys.allNotesPrefix);
    return items.map((item) => parseItem(item, Note)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  leaseSend(userId: string, key: string, leaseSeconds: number) {
    return this.leases.take(keys.sent(userId, key), leaseSeconds);
  }

  completeSend(userId: string, key: string, ending: SendEnding) {
    return this.leases.completeSend(keys.sent(userId, key), ending);
  }

  releaseSend(userId: string, key: string, token: string) {
    return this.leases.release(keys.sent(userId, key), token);
  }

  leaseInbound(messageKey: string, leaseSeconds: number) {
    return this.leases.takeInbound(keys.inboundMessage(messageKey), leaseSeconds);
  }

  completeInbound(messageKey: string, keepSeconds: number) {
    return this.leases.completeInbound(keys.inboundMessage(messageKey), keepSeconds);
  }

  releaseInbound(messageKey: string, token: string) {
    return this.leases.release(keys.inboundMessage(messageKey), token);
  }

  /**
   * Address mappings first, the partition after, the profile last: a retry after a crash still
   * finds the profile and the ADDRESS# markers that name what is left to delete.
   */
  async recordRawMail(userId: string, rawMailKey: string) {
    await this.put({ Item: { ...keys.rawMail(userId, rawMailKey), rawMailKey } });
  }

  async listRawMail(userId: string) {
    const items = await this.queryPrefix(userPk(userId), keys.rawMailPrefix);
    return items.map((item) => String(item.rawMailKey));
  }

  async deleteUserData(userId: string) {
    const pk = userPk(userId);
    const addressItems = await this.queryPrefix(pk, keys.addressPrefix);
    const addresses = new Set(addressItems.map((item) => String(item.email)));
    const profile = await this.getItem(keys.user(userId));
    if (typeof profile?.email === 'string') addresses.add(normalizeEmail(profile.email));
    for (const address of addresses) {
      await this.deleteIfOwned(keys.email(address), userId);
    }
    const profileKey = keys.user(userId);
    const items = await this.queryAll({
      KeyConditionExpression: `${PK} = :pk`,
      ExpressionAttributeValues: { ':pk': pk },
      ProjectionExpression: `${PK}, ${SK}`,
    });
    for (const item of items) {
      if (item[SK] === profileKey.SK) continue;
      await this.deleteItem({ PK: String(item[PK]), SK: String(item[SK]) });
    }
    await this.deleteItem(profileKey);
  }

  async suppressAddress(suppression: Suppression) {
    const valid = Suppression.parse(suppression);
    await this.putIfAbsent({ Item: { ...keys.suppressed(valid.email), ...plain(valid) } });
    return (await this.getSuppression(valid.email)) ?? valid;
  }

  async getSuppression(email: string) {
    return this.getParsed(keys.suppressed(email), Suppression);
  }

  async markSuppressionReported(email: string, reportedAt: string) {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.suppressed(email),
        UpdateExpression: 'SET reportedAt = :at',
        ConditionExpression: `attribute_exists(${PK})`,
        ExpressionAttributeValues: { ':at': reportedAt },
      }),
    );
  }

  private async deleteIfOwned(key: Key, userId: string) {
    // A condition that fails means it is missing, or another user's address: nothing of this user's to delete.
    await conditionHeld(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: 'userId = :userId',
          ExpressionAttributeValues: { ':userId': userId },
        }),
      ),
    );
  }

  private async deleteItem(key: Key) {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
  }

  private async getItem(key: Key): Promise<Record<string, unknown> | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return result.Item;
  }

  private async getParsed<T>(key: Key, schema: z.ZodType<T, z.ZodTypeDef, unknown>): Promise<T | undefined> {
    const item = await this.getItem(key);
    return item === undefined ? undefined : parseItem(item, schema);
  }

  private async put(input: Omit<PutCommandInput, 'TableName'>) {
    await this.client.send(new PutCommand({ TableName: this.tableName, ...input }));
  }

  /** A conditional put: true when written, false when the condition held someone else's item. */
  private async putIfAbsent(
    input: Omit<PutCommandInput, 'TableName'>,
    condition: { condition: string; values: Record<string, unknown> } = {
      condition: `attribute_not_exists(${PK})`,
      values: {},
    },
  ): Promise<boolean> {
    return conditionHeld(
      this.put({
        ...input,
        ConditionExpression: condition.condition,
        ...(Object.keys(condition.values).length > 0 ? { ExpressionAttributeValues: condition.values } : {}),
      }),
    );
  }

  private async queryPrefix(pk: string, skPrefix: string) {
    return this.queryAll({
      KeyConditionExpression: `${PK} = :pk AND begins_with(${SK}, :prefix)`,
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ConsistentRead: true,
    });
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for await (const item of queryItems(this.client, { TableName: this.tableName, ...input })) items.push(item);
    return items;
  }
}

function parseItem<T>(item: Record<string, unknown>, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T {
  const result = schema.safeParse(item);
  if (!result.success) {
    throw new StoredItemInvalidError(`item ${String(item[PK])} / ${String(item[SK])} does not match its schema`, {
      cause: result.error,
    });
  }
  return result.data;
}

/** Drops `undefined` members, which the document client refuses unless told otherwise. */
function plain<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
