// Comparing the versions of an event's records on two nodes (handover.ts):
// which records the other node is behind on, and which of those it was
// already behind on a round ago at the same version, so were lost rather than late.

/** `Table/id` → the record's version (its replication timestamp). */
export type Digest = Record<string, number>;

/** The keys whose version on the peer differs from ours (records only the peer has are not ours to send). */
export function behind(mine: Digest, theirs: Digest): string[] {
  return Object.keys(mine).filter((key) => theirs[key] !== mine[key]);
}

/** How a round remembers what was behind: the key at our version then. */
export function behindAt(keys: string[], mine: Digest): Set<string> {
  return new Set(keys.map((key) => `${key}@${mine[key]}`));
}

/** Of the records behind now, those that were behind at the same version a round ago (`earlier`, from behindAt). */
export function lost(behindNow: string[], mine: Digest, earlier: Set<string>): string[] {
  return behindNow.filter((key) => earlier.has(`${key}@${mine[key]}`));
}
