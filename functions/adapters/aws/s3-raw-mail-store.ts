import { DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RawMailStore } from '../../ports';

export interface S3RawMailStoreOptions {
  /**
   * Asked for on the first read or delete, not before: every inbound message asks `keyFor` (to
   * record the raw mail as the user's), and few are ever read back or deleted.
   */
  client: () => S3Client;
  bucket: string;
  /** The object key prefix of the receipt rule's S3 action (`inbound/`). */
  prefix: string;
}

/**
 * The RawMailStore over the bucket SES's receipt rule writes inbound mail to (`<prefix><messageId>`).
 * The bucket is not versioned, so a delete removes the message, not just its current version.
 */
export class S3RawMailStore implements RawMailStore {
  constructor(private readonly options: S3RawMailStoreOptions) {}

  keyFor(deliveryId: string): string {
    return `${this.options.prefix}${deliveryId}`;
  }

  async get(key: string): Promise<Uint8Array> {
    const result = await this.options.client().send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
    if (!result.Body) throw new Error(`s3://${this.options.bucket}/${key} has no body`);
    return result.Body.transformToByteArray();
  }

  /** S3's DeleteObject succeeds for a key that does not exist, which is what "already gone" needs. */
  async delete(key: string): Promise<void> {
    await this.options.client().send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }
}
