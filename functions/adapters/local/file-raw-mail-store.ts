import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RawMailStore } from '../../ports';

/** Delivery ids the local SMTP server makes (`local-<ms>-<n>`); anything else never names a file. */
const DELIVERY_ID = /^[A-Za-z0-9._-]{1,200}$/;

/**
 * The local stand-in for SES's S3 action: each message the SMTP server accepts is kept as
 * `<dataDir>/inbound/<deliveryId>.eml` before it is read, as SES keeps it in the mail bucket.
 */
export class FileRawMailStore implements RawMailStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'inbound');
  }

  keyFor(deliveryId: string): string {
    if (!DELIVERY_ID.test(deliveryId) || deliveryId.startsWith('.')) throw new Error(`not a delivery id: ${deliveryId}`);
    return `${deliveryId}.eml`;
  }

  async put(deliveryId: string, raw: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(this.fileOf(this.keyFor(deliveryId)), raw, { mode: 0o600 });
  }

  async get(key: string): Promise<Uint8Array> {
    return readFile(this.fileOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.fileOf(key), { force: true });
  }

  /** Only a key this store made resolves to a file, and only inside its folder. */
  private fileOf(key: string): string {
    if (!key.endsWith('.eml')) throw new Error(`not a raw-mail key: ${key}`);
    return path.join(this.dir, this.keyFor(key.slice(0, -'.eml'.length)));
  }
}
