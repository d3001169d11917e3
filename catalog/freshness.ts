// How browse answers say they are still the same: each build of an answer on
// this thread gets a new version, and whoever sends it (resources/http/) may
// reuse the bytes it made while the version is unchanged.

/** An answer and its version: `data()` gives the answer, built only when asked. */
export interface Versioned<T = unknown> {
  version: number;
  data(): T;
}

let lastVersion = 0;

/** A version no earlier build on this thread had. */
export function nextVersion(): number {
  return ++lastVersion;
}

/**
 * A reused answer re-checks seat counts at most this often: most requests
 * then only compare two numbers, and the counts shown are at most this much
 * older than the inventory (which makes a new snapshot at most every 200 ms):
 * under half a second in all, inside the second we promise (README).
 */
export const STOCK_CHECK_MS = 250;
