// The application's tables, each typed with its record (lib/records/): one
// declaration here, so reads need no casts.
import { notFound } from './errors.js';
import { type ChangeContext, newestRead, runtime } from './harper.js';
import type { DrawPage, DrawRecord } from './records/draw.js';
import type { ChangeEntry, GatePoint } from './records/gateHistory.js';
import type { EventRecord } from './records/event.js';
import type { GateStats } from './records/gateStats.js';
import type { HoldRecord } from './records/hold.js';
import type { IdempotencyRecord, OrderRecord } from './records/order.js';
import type { SeatRecord } from './records/seat.js';
import type { TicketRecord } from './records/ticket.js';
import type { Venue } from './records/venue.js';
import type { WaitlistEntry } from './records/waitlist.js';

/** A table that only carries published messages (topics); nothing is stored. */
interface Topic {
  id: string;
}

/** A Harper table class: the static methods this application uses. */
export interface Table<T> {
  get(id: string, context?: ChangeContext): Promise<T | undefined>;
  put(record: T, context?: ChangeContext): Promise<void>;
  delete(id: string, context?: ChangeContext): Promise<boolean>;
  search(query: object, context?: ChangeContext): AsyncIterable<T>;
  subscribe(request: object): Promise<AsyncIterable<{ id: string; type: string; value?: T }>>;
  publish(id: string, message: unknown, context?: ChangeContext): Promise<void>;
  primaryStore: LockStore;
  /** each indexed attribute's lmdb store: attribute value → primary key */
  indices: Record<string, { getRange(range: { start: string; end?: string; limit?: number }): Iterable<{ key: unknown; value: unknown }> }>;
}

/** The lmdb-js store methods shared by all worker threads: the lock and shared memory. */
export interface LockStore {
  attemptLock(key: string, version: number, onUnlocked: () => void): boolean;
  unlock(key: string, version: number): boolean;
  resetReadTxn(): void;
  /** the stored entry, with the version replication merges by */
  getEntry(id: string): { version?: number; value?: unknown } | undefined;
  /** memory shared by every thread under `key`, created from `initial` by the first caller */
  getUserSharedBuffer(key: string, initial: ArrayBuffer): ArrayBuffer;
}

export interface Tables {
  Venue: Table<Venue>;
  Event: Table<EventRecord>;
  Seat: Table<SeatRecord>;
  Hold: Table<HoldRecord>;
  Order: Table<OrderRecord>;
  IdempotencyKey: Table<IdempotencyRecord>;
  QueueTicket: Table<TicketRecord>;
  QueueChange: Table<Topic>;
  GateStats: Table<GateStats>;
  Draw: Table<DrawRecord>;
  EventChange: Table<ChangeEntry>;
  GatePoint: Table<GatePoint>;
  DrawPage: Table<DrawPage>;
  AppSecret: Table<{ id: string; value: string }>;
  UsedChallenge: Table<{ id: string }>;
  ClusterNode: Table<{ id: string; httpUrl: string }>;
  Notification: Table<Topic>;
  Availability: Table<Topic>;
  WaitlistEntry: Table<WaitlistEntry>;
  /** made by bench/holds.ts only, for resources/benchOnly.ts */
  BenchWrite: Table<{ id: string; n: number }>;
}

/**
 * A table's `get` answers with a resource instance whose fields live on its
 * prototype (a spread copies nothing), and waits for lmdb to prefetch the page
 * on another thread first. Ours reads the primary store synchronously (our
 * data is small enough to stay in memory) and answers with a plain record.
 */
function withPlainGet<T>(table: any): Table<T> {
  const store = table.primaryStore;
  const get = async (id: string, context?: ChangeContext) => {
    // without a locked change of our own (whose start refreshed it), the
    // thread's shared read snapshot may predate another thread's latest
    // commit: a fan must see its own change
    if (!context) store.resetReadTxn();
    const entry = store.getEntry(id);
    if (context && entry?.version > (newestRead.get(context) ?? 0)) newestRead.set(context, entry.version);
    const value = entry?.value;
    if (value == null || (entry.expiresAt != null && entry.expiresAt <= Date.now())) return undefined;
    return { ...(typeof value.toJSON === 'function' ? value.toJSON() : value) };
  };
  return new Proxy(table, {
    get(target, property) {
      if (property === 'get') return get;
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const typed = new Map<string, unknown>();
export const tables = new Proxy({} as Tables, {
  get: (_, name: string) => {
    if (!typed.has(name)) typed.set(name, withPlainGet(runtime.tables[name]));
    return typed.get(name);
  },
});

/** A record a change found before it took its locks: if it is gone meanwhile, a 404. */
export function found<T>(record: T | undefined, what: string): T {
  if (record === undefined) throw notFound(what);
  return record;
}
