// How the event log names a fan's secret id (a ticket, hold, order or
// waitlist entry: whoever knows the id acts as the fan): the start of its
// SHA-256, which follows the fan through the log and gives the id to nobody.
// fingerprint('<id>') of an id a fan reports finds its lines.
import { createHash } from 'node:crypto';

export function fingerprint(id: string): string;
export function fingerprint(id: string | null): string | null;
export function fingerprint(id: string | null): string | null {
  return id === null ? null : createHash('sha256').update(id).digest('base64url').slice(0, 16);
}
