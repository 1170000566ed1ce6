import type { S3Client } from '@aws-sdk/client-s3';
import { once } from '../../commons/once';
import type { RawMailStore } from '../../ports';
import type S3Sdk = require('@aws-sdk/client-s3');

/**
 * The SDK package is loaded on the first read or delete, not with this module: every inbound
 * message asks `keyFor` (to record the raw mail as the user's), few are ever read back or
 * deleted, and loading @aws-sdk/client-s3 is about 19 ms of a cold start's CPU (bench/cold-load.ts)
 * that the reminder and digest functions would pay for nothing. (require, not import(): tsc's
 * node16 resolution would treat import() as ESM.)
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const s3Sdk = once((): typeof S3Sdk => require('@aws-sdk/client-s3'));

interface S3RawMailStoreOptions {
  /** Without one, a client with the SDK's defaults (region and endpoint from the environment) is made on first use. */
  client?: S3Client;
  bucket: string;
  /** The object key prefix of the receipt rule's S3 action (`inbound/`). */
  prefix: string;
}

/**
 * The RawMailStore over the bucket SES's receipt rule writes inbound mail to (`<prefix><messageId>`).
 * The bucket is not versioned, so a delete removes the message, not just its current version.
 */
export class S3RawMailStore implements RawMailStore {
  /** The given client, or one made on first use. */
  private readonly s3 = once((): S3Client => this.options.client ?? new (s3Sdk().S3Client)({}));

  constructor(private readonly options: S3RawMailStoreOptions) {}

  keyFor(deliveryId: string): string {
    return `${this.options.prefix}${deliveryId}`;
  }

  async get(key: string): Promise<Uint8Array> {
    const result = await this.s3().send(new (s3Sdk().GetObjectCommand)({ Bucket: this.options.bucket, Key: key }));
    if (!result.Body) throw new Error(`s3://${this.options.bucket}/${key} has no body`);
    return result.Body.transformToByteArray();
  }

  /** S3's DeleteObject succeeds for a key that does not exist, which is what "already gone" needs. */
  async delete(key: string): Promise<void> {
    await this.s3().send(new (s3Sdk().DeleteObjectCommand)({ Bucket: this.options.bucket, Key: key }));
  }
}
