import { outboxDirectory, removeOutboxMailTo } from '../adapters/local/outbox-mailer';
import { DynamoDbStore, type DynamoDbStoreOptions } from '../adapters/dynamodb/dynamodb-store';

/**
 * The table on one machine, where "deleted" must also mean gone from the disk (docs/security.md):
 * deleting a user's data also removes what Rapport sent them from the outbox, and asks for the
 * store to be compacted once the message that deleted is done (`takeCompactionRequest`), so the
 * deleted items leave LevelDB's files too.
 */
export class ErasingStore extends DynamoDbStore {
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
    if (user) await removeOutboxMailTo(outboxDirectory(this.dataDir), user.email);
    this.compactionRequested = true;
  }

  /** True once after a deletion: the caller compacts the store. */
  takeCompactionRequest(): boolean {
    const requested = this.compactionRequested;
    this.compactionRequested = false;
    return requested;
  }
}
