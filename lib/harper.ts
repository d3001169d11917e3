// Typed access to the Harper runtime. `transaction` is not among the names
// Node can see as an ES export of the harperdb package, so everything is read
// from its default export.
import harper from 'harperdb';

export const runtime = harper as any;

export const server: { workerIndex?: number; hostname?: string; nodes?: { name: string }[] } = runtime.server;

/** This node's name in a cluster (replication.hostname); `localhost` when it runs alone. */
export const nodeName = (): string => server.hostname ?? 'localhost';

/** The names of the other nodes this node knows of (none when it runs alone). */
export const peerNames = (): string[] => (server.nodes ?? []).map((node) => node.name).filter((name) => name !== nodeName());
export const logger: { info(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void } = runtime.logger;
export const Resource: any = runtime.Resource;

/** Adds a layer in front of every HTTP request on the application's port (Harper's server.http). */
export const onHttp = (listener: (request: any, next: (request: any) => any) => unknown, options: { runFirst?: boolean }): void =>
  runtime.server.http(listener, options);

/** Harper's own class for a table, to extend (lib/tables.ts gives plain records instead). */
export const tableClass = (name: string): any => runtime.tables[name];

/**
 * The context of one change (a locked change, or a transaction of its own):
 * pass it to every read and write that belongs to the change.
 */
export interface ChangeContext {
  transaction?: { timestamp: number };
}

/** The newest version of a record read in each change (by its context), for `stampAfterReads`. */
export const newestRead = new WeakMap<ChangeContext, number>();

/**
 * Stamps the change in `context` as newer than every record it read. Harper
 * stamps a commit with its own thread's clock and silently drops a write whose
 * stamp is not newer than the record's version (its rule for replicated
 * writes that arrive out of order); two threads' clocks can be a millisecond
 * or more apart, so a write right after another thread's could be lost.
 * Every locked change reads the records it writes, so a stamp past the newest
 * version it read keeps each of its writes.
 */
export function stampAfterReads(context: ChangeContext): void {
  const transaction = context.transaction;
  if (!transaction) return;
  const now = performance.timeOrigin + performance.now();
  transaction.timestamp = Math.max(now, (newestRead.get(context) ?? 0) + 0.001);
}

/** Runs fn in a transaction of its own that is committed before the promise resolves. */
export function transaction<T>(context: ChangeContext, fn: () => Promise<T>): Promise<T> {
  return runtime.transaction(context, fn);
}
