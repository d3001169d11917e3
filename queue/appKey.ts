// The application's secret key: ADMISSION_TOKEN_SECRET; in a cluster without
// it, one derived from the cluster's secret, so every node holds the same key;
// else one generated once and kept in the database, so it survives restarts
// and every worker thread uses the same. Admission tokens are signed with it
// (tokens.ts), and a fanKey's ticket id is derived from it (waitingRoom.ts),
// so nobody who lacks it can compute another browser's ticket.
import { createHmac, randomBytes } from 'node:crypto';
import { tables } from '../lib/tables.js';
import { lockKey, withLocks } from '../lib/locks.js';

const KEY_RECORD = 'admission-token-key';

let bytes: Promise<Uint8Array> | undefined;

export function appKey(): Promise<Uint8Array> {
  bytes ??= loadKey().catch((error) => {
    bytes = undefined;
    throw error;
  });
  return bytes;
}

async function loadKey(): Promise<Uint8Array> {
  const fromEnv = process.env.ADMISSION_TOKEN_SECRET;
  if (fromEnv) return new TextEncoder().encode(fromEnv);
  const cluster = process.env.TICKETING_CLUSTER_SECRET;
  if (cluster) return createHmac('sha256', cluster).update('admission-token-key').digest();
  // the lock makes every thread agree on the one key the first of them creates
  const stored = await withLocks([lockKey.named(KEY_RECORD)], async (ctx) => {
    const existing = await tables.AppSecret.get(KEY_RECORD, ctx);
    if (existing) return existing.value as string;
    const value = randomBytes(32).toString('base64url');
    await tables.AppSecret.put({ id: KEY_RECORD, value }, ctx);
    return value;
  });
  return Buffer.from(stored, 'base64url');
}

/** A keyed hash of `parts` (base64url), for ids only the server can compute. */
export async function keyedHash(...parts: string[]): Promise<string> {
  return createHmac('sha256', await appKey())
    .update(parts.join('\n'))
    .digest('base64url');
}
