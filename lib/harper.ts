// Typed access to the Harper runtime. `transaction` is not among the names
// Node can see as an ES export of the harperdb package, so everything is read
// from its default export.
import harper from 'harperdb';

const runtime = harper as any;

/** A Harper table class: the static methods this application uses. */
export interface Table<T> {
  get(id: string, context?: object): Promise<T | undefined>;
  put(record: T, context?: object): Promise<void>;
  delete(id: string, context?: object): Promise<boolean>;
  search(query: object, context?: object): AsyncIterable<T>;
  subscribe(request: object): Promise<AsyncIterable<{ id: string; type: string; value?: T }>>;
  publish(id: string, message: unknown, context?: object): Promise<void>;
  primaryStore: LockStore;
}

/** The lmdb-js store methods shared by all worker threads: the lock and shared memory. */
export interface LockStore {
  attemptLock(key: string, version: number, onUnlocked: () => void): boolean;
  unlock(key: string, version: number): boolean;
  resetReadTxn(): void;
  /** memory shared by every thread under `key`, created from `initial` by the first caller */
  getUserSharedBuffer(key: string, initial: ArrayBuffer): ArrayBuffer;
}

/**
 * A table's `get` answers with a resource instance whose fields live on its
 * prototype (a spread copies nothing), and waits for lmdb to prefetch the page
 * on another thread first. Ours reads the primary store synchronously (our
 * data is small enough to stay in memory) and answers with a plain record.
 */
function withPlainGet(table: any): Table<any> {
  const store = table.primaryStore;
  const get = async (id: string, context?: object) => {
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

export const tables: Record<string, Table<any>> = new Proxy({} as Record<string, Table<any>>, {
  get: (cache, name: string) => (cache[name] ??= withPlainGet(runtime.tables[name])),
});
export const server: { workerIndex?: number } = runtime.server;
export const logger: { info(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void } =
  runtime.logger;
export const Resource: any = runtime.Resource;

/** The newest version of a record read in each change (by its context), for `stampAfterReads`. */
const newestRead = new WeakMap<object, number>();

/**
 * Stamps the change in `context` as newer than every record it read. Harper
 * stamps a commit with its own thread's clock and silently drops a write whose
 * stamp is not newer than the record's version (its rule for replicated
 * writes that arrive out of order); two threads' clocks can be a millisecond
 * or more apart, so a release right after another thread's hold could be
 * lost. Every locked change reads the records it writes, so a stamp past the
 * newest version it read keeps each of its writes.
 */
export function stampAfterReads(context: object): void {
  const transaction = (context as { transaction?: { timestamp: number } }).transaction;
  if (!transaction) return;
  const now = performance.timeOrigin + performance.now();
  transaction.timestamp = Math.max(now, (newestRead.get(context) ?? 0) + 0.001);
}

/** Runs fn in a transaction of its own that is committed before the promise resolves. */
export function transaction<T>(context: object, fn: () => Promise<T>): Promise<T> {
  return runtime.transaction(context, fn);
}
