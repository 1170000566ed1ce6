import { randomBytes } from 'node:crypto';
import type { Ids } from '../ports';

/** User ids are 12 hex chars (48 random bits): short enough for reply tokens, unique enough per deployment. */
export const randomIds: Ids = {
  newUserId: () => randomBytes(6).toString('hex'),
};
