// Counts of requests per client and minute, in memory every worker thread
// shares (lmdb-js's shared buffers), so a client's limit holds whichever
// thread serves it. A fixed table: a flood of new keys cannot grow it. A key
// goes to a slot by a hash seeded with a random value of this process (so
// nobody can choose keys that land on another client's slot), and the slot
// keeps a second hash of the key: a slot held by another key this minute is
// passed over for the next (up to PROBES), and a slot of an earlier minute is
// taken. Only when all of them are held this minute do two keys share a
// count. Counting is a few atomic operations, so refusing costs nothing like
// serving. Two threads counting the first request of a key at the same
// instant may give it two slots: the limit is then lenient, never strict.
import { randomInt } from 'node:crypto';

const PROBES = 8;

/** Memory shared by every thread under `name`, made from `initial` by the first to ask. */
export type SharedMemory = (name: string, initial: ArrayBuffer) => ArrayBuffer;

/** FNV-1a from `seed`: spreads keys over the slots. */
function hash(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class RateLimiter {
  /** [minute, tag, count] per slot */
  private slots: Int32Array | undefined;
  private seeds: Int32Array | undefined;

  constructor(
    readonly name: string,
    readonly perMinute: number,
    private readonly memory: SharedMemory,
    /** how many keys a minute it can tell apart */
    private readonly size = 65_536,
  ) {}

  private table(): Int32Array {
    this.slots ??= new Int32Array(this.memory(`rate-limit:${this.name}`, new Int32Array(3 * this.size).buffer));
    this.seeds ??= new Int32Array(
      this.memory(`rate-limit-seeds:${this.name}`, Int32Array.of(randomInt(2 ** 31), randomInt(2 ** 31)).buffer),
    );
    return this.slots;
  }

  /** The slot of `key` this minute, taken for it if `claim`; -1 if it has none and `claim` is false. */
  private slotOf(key: string, minute: number, claim: boolean): number {
    const t = this.table();
    const seeds = this.seeds as Int32Array;
    const start = hash(key, seeds[0]);
    const tag = hash(key, seeds[1]) | 1; // never 0: an untouched slot's tag
    for (let i = 0; i < PROBES; i++) {
      const at = 3 * ((start + i) % this.size);
      const seen = Atomics.load(t, at);
      if (seen === minute) {
        if (Atomics.load(t, at + 1) === tag) return at;
        continue; // another key's this minute
      }
      if (!claim) return -1; // a key is always in the first slot of an earlier minute it meets
      if (Atomics.compareExchange(t, at, seen, minute) === seen) {
        Atomics.store(t, at + 1, tag);
        Atomics.store(t, at + 2, 0);
        return at;
      }
      if (Atomics.load(t, at + 1) === tag) return at; // taken for this key by another thread this instant
    }
    return claim ? 3 * (start % this.size) : -1; // every slot it may use is held this minute: shared
  }

  /** Counts one request of `key`: 0 when within the limit, else the seconds until the count starts again. */
  take(key: string, now = Date.now()): number {
    const minute = Math.floor(now / 60_000);
    const count = Atomics.add(this.table(), this.slotOf(key, minute, true) + 2, 1) + 1;
    return count > this.perMinute ? secondsLeft(minute, now) : 0;
  }

  /** As `take`, without counting: for limits counted only once the answer is known. */
  peek(key: string, now = Date.now()): number {
    const minute = Math.floor(now / 60_000);
    const at = this.slotOf(key, minute, false);
    return at >= 0 && Atomics.load(this.table(), at + 2) >= this.perMinute ? secondsLeft(minute, now) : 0;
  }
}

const secondsLeft = (minute: number, now: number) => Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000));
