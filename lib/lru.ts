// A least-recently-used map bounded by entry count and, given a weight per
// entry, by total weight. A Map keeps insertion order, so re-inserting on use
// keeps the coldest entry first. A read moves its entry to the back only when
// at least half the map has moved behind it since: a hot entry is read many
// times between moves, and each move costs a delete and an insert (a browse
// answer served from the cache does a few reads).

interface Slot<V> {
  value: V;
  /** `moves` when the entry last went to the back */
  movedAt: number;
}

export class LruCache<V> {
  private readonly entries = new Map<string, Slot<V>>();
  private total = 0;
  private moves = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxWeight = Number.POSITIVE_INFINITY,
    private readonly weigh: (value: V) => number = () => 0,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.total;
  }

  get(key: string): V | undefined {
    const slot = this.entries.get(key);
    if (slot === undefined) return undefined;
    if (this.moves - slot.movedAt >= this.entries.size >> 1) {
      this.entries.delete(key);
      this.entries.set(key, slot);
      slot.movedAt = ++this.moves;
    }
    return slot.value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    const weight = this.weigh(value);
    if (weight > this.maxWeight) return;
    this.entries.set(key, { value, movedAt: ++this.moves });
    this.total += weight;
    for (const [coldest, old] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.total <= this.maxWeight) break;
      this.entries.delete(coldest);
      this.total -= this.weigh(old.value);
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.total -= this.weigh(old.value);
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
