// Counts of requests per client and minute, in memory every worker thread
// shares (lmdb-js's shared buffers), so a client's limit holds whichever
// thread serves it. A fixed table of slots by a hash of the client's key: a
// flood of new keys cannot grow it, and two keys that share a slot share a
// count (with SLOTS slots, rarely). Counting is a few atomic operations, so
// refusing costs nothing like serving.

const SLOTS = 16_384;

/** FNV-1a: spreads keys over the slots; nothing depends on it being hard to invert. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Memory shared by every thread under `name`, made from `initial` by the first to ask. */
export type SharedMemory = (name: string, initial: ArrayBuffer) => ArrayBuffer;

export class RateLimiter {
  /** [minute, count] per slot */
  private slots: Int32Array | undefined;

  constructor(
    readonly name: string,
    readonly perMinute: number,
    private readonly memory: SharedMemory,
  ) {}

  private table(): Int32Array {
    this.slots ??= new Int32Array(this.memory(`rate-limit:${this.name}`, new Int32Array(2 * SLOTS).buffer));
    return this.slots;
  }

  private slot(key: string, minute: number): number {
    const t = this.table();
    const at = 2 * (hash(key) % SLOTS);
    const seen = Atomics.load(t, at);
    // the first of a new minute starts its count; a thread that loses the race counts on the winner's
    if (seen !== minute && Atomics.compareExchange(t, at, seen, minute) === seen) Atomics.store(t, at + 1, 0);
    return at + 1;
  }

  /** Counts one request of `key`: 0 when within the limit, else the seconds until the count starts again. */
  take(key: string, now = Date.now()): number {
    const minute = Math.floor(now / 60_000);
    const count = Atomics.add(this.table(), this.slot(key, minute), 1) + 1;
    return count > this.perMinute ? secondsLeft(minute, now) : 0;
  }

  /** As `take`, without counting: for limits counted only once the answer is known. */
  peek(key: string, now = Date.now()): number {
    const minute = Math.floor(now / 60_000);
    return Atomics.load(this.table(), this.slot(key, minute)) >= this.perMinute ? secondsLeft(minute, now) : 0;
  }
}

const secondsLeft = (minute: number, now: number) => Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000));
