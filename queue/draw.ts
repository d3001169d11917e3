// The pre-queue draw: everyone who joined before the sale gets a random
// place, from a seed fixed (and its SHA-256 published) when the event is made
// (lib/records/draw.ts) and revealed after the draw, so anyone can replay it (docs/draw.md;
// scripts/verify-draw.mjs does, on its own, with nothing of this code).
//
// An entry is the hex SHA-256 of a ticket id: the draw is published without
// the ids, which are the fans' secrets. The entries are sorted, then shuffled
// by Fisher-Yates (from the last place down) with integers drawn from
// HMAC-SHA256(key = the seed's 32 bytes, message = "0", "1", ...), each digest
// read as eight big-endian 32-bit numbers, and a number rejected when it falls
// in the last incomplete multiple of the bound (no bias).
import { createHash, createHmac } from 'node:crypto';

/** A fan's entry in the draw: the hex SHA-256 of the ticket id. */
export function entryOf(ticketId: string): string {
  return createHash('sha256').update(ticketId).digest('hex');
}

/** Uniform random integers below `bound` from the seed, by rejection sampling. */
function seededInts(seed: string): (bound: number) => number {
  const key = Buffer.from(seed, 'hex');
  let counter = 0;
  let pool = Buffer.alloc(0);
  const next32 = () => {
    if (pool.length < 4) pool = createHmac('sha256', key).update(String(counter++)).digest();
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

/** Fisher-Yates with the seeded stream; the input order must be fixed (sorted) to replay. */
export function shuffle<T>(items: readonly T[], seed: string): T[] {
  const result = [...items];
  const below = seededInts(seed);
  for (let i = result.length - 1; i > 0; i--) {
    const j = below(i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

/** The drawn order of a set of entries: sorted, then shuffled with the seed. */
export function drawOrder(entries: readonly string[], seed: string): string[] {
  return shuffle([...entries].sort(), seed);
}
