import { forgetRecipient, outboxDirectory, removeOutboxMailTo } from '../adapters/local/outbox-mailer';
import { DynamoDbStore, type DynamoDbStoreOptions } from '../adapters/dynamodb/dynamodb-store';

/**
 * The table on one machine, where "deleted" must also mean gone from the disk (docs/security.md):
 * deleting a user's data also removes what Rapport sent them from the outbox; once the message
 * that deleted is answered (`finishErasure`), that answer forgets its recipient and the store is
 * compacted, so the deleted items leave LevelDB's files too.
 */
export class ErasingStore extends DynamoDbStore {
  /** The addresses whose data was deleted by the message being processed (kept in memory only). */
  private erased: string[] = [];
  private compactionRequested = false;

  constructor(
    options: DynamoDbStoreOptions,
    private readonly dataDir: string,
  ) {
    super(options);
  }

  override async deleteUserData(userId: string): Promise<void> {
    const user = await this.getUser(userId);
    await super.deleteUserData(userId);
    if (user) {
      await removeOutboxMailTo(outboxDirectory(this.dataDir), user.email);
      this.erased.push(user.email);
    }
    this.compactionRequested = true;
  }

  /**
   * After the message that deleted is done, its answer written: the answer keeps its words but
   * not the address, then `compact` rewrites the store without the deleted items. Nothing to do
   * after any other message.
   */
  async finishErasure(compact: () => Promise<void>): Promise<void> {
    const erased = this.erased;
    this.erased = [];
    for (const address of erased) await forgetRecipient(outboxDirectory(this.dataDir), address);
    if (!this.compactionRequested) return;
    this.compactionRequested = false;
    await compact();
  }
}
