import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RawMailStore } from '../../ports';

export interface S3RawMailStoreOptions {
  client: S3Client;
  bucket: string;
}

/** The RawMailStore over the bucket SES's receipt rule writes inbound mail to (`<prefix><messageId>`). */
export class S3RawMailStore implements RawMailStore {
  constructor(private readonly options: S3RawMailStoreOptions) {}

  async get(key: string): Promise<Uint8Array> {
    const result = await this.options.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
    if (!result.Body) throw new Error(`s3://${this.options.bucket}/${key} has no body`);
    return result.Body.transformToByteArray();
  }
}
