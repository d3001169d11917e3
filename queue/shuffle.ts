// The pre-queue draw: everyone who joined before the sale gets a random place.
// The permutation comes from a recorded 32-byte seed (HMAC-SHA256 as a
// stream of random bits), so an auditor can replay the draw exactly.
import { createHmac, randomBytes } from 'node:crypto';

export function newSeed(): string {
  return randomBytes(32).toString('base64url');
}

/** Uniform random integers below `bound` from the seed, by rejection sampling. */
function seededInts(seed: string): (bound: number) => number {
  let counter = 0;
  let pool = Buffer.alloc(0);
  const next32 = () => {
    if (pool.length < 4) {
      pool = Buffer.concat([pool, createHmac('sha256', Buffer.from(seed, 'base64url')).update(String(counter++)).digest()]);
    }
    const value = pool.readUInt32BE(0);
    pool = pool.subarray(4);
    return value;
  };
  return (bound) => {
    const limit = Math.floor(0x1_0000_0000 / bound) * bound;
    for (;;) {
      const value = next32();
      if (value < limit) return value % bound;
    }
  };
}

/** Fisher-Yates with the seeded stream; the input order must be fixed (e.g. sorted ids) to replay. */
export function shuffle<T>(items: readonly T[], seed: string): T[] {
  const result = [...items];
  const below = seededInts(seed);
  for (let i = result.length - 1; i > 0; i--) {
    const j = below(i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}
