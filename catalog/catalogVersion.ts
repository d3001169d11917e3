// Which catalog this worker thread has seen. Everything browse caches that is
// made from Event and Venue records (lists of matching events, event records,
// prepared answers) carries the generation at which its reads began, and is
// worthless once the generation has moved. A change to either table on any
// thread moves it here: a table subscription sees every thread's commits
// within a few milliseconds. Catalog changes are rare (organizers), so
// forgetting everything on each one costs little and cannot miss a case.
import { logger } from '../lib/harper.js';
import { tables } from '../lib/tables.js';
import type { EventRecord } from '../lib/records/event.js';

let generation = 0;
let watching: Promise<void> | undefined;
let watchLost = false;

async function watch(table: 'Event' | 'Venue'): Promise<void> {
  const changes = await tables[table].subscribe({ omitCurrent: true });
  (async () => {
    for await (const _ of changes) generation++;
    throw new Error('subscription ended');
  })().catch((error) => {
    // without the subscription nothing could tell a cached answer is stale: stop trusting any
    watchLost = true;
    logger.error(`catalog cache: ${table} change watch stopped; caching is off on this thread`, error);
  });
}

/**
 * Starts watching Event and Venue on this thread (once); await it before
 * reading the catalog. Started when the module loads (below), outside any
 * request: a subscription opened inside a request lives and dies with that
 * request's context.
 */
export function watchCatalog(): Promise<void> {
  watching ??= Promise.all([watch('Event'), watch('Venue')]).then(() => undefined);
  return watching;
}

watchCatalog().catch((error) => {
  watchLost = true;
  logger.error('catalog cache: change watch failed to start; caching is off on this thread', error);
});

/** The current generation; while the watch is lost, a new one every call, so nothing cached is ever reused. */
export function catalogGeneration(): number {
  return watchLost ? ++generation : generation;
}

/**
 * Reads the latest commit: the thread's shared read snapshot may predate the
 * change whose notification just moved the generation.
 */
export function freshReads(): void {
  tables.Event.primaryStore.resetReadTxn();
}

const MAX_RECORDS = 10_000;
let records = { generation: -1, byId: new Map<string, EventRecord>() };

/** This thread's map of event records read in this generation (emptied by every change). */
export function eventRecords(generation: number): Map<string, EventRecord> {
  if (records.generation !== generation) records = { generation, byId: new Map() };
  if (records.byId.size > MAX_RECORDS) records.byId.clear();
  return records.byId;
}

/** An event as of this generation: read once per thread and generation. Unknown ids are not kept. */
export async function cachedEvent(id: string): Promise<EventRecord | undefined> {
  await watchCatalog();
  const generation = catalogGeneration();
  const known = eventRecords(generation).get(id);
  if (known) return known;
  freshReads();
  const event = await tables.Event.get(id, {});
  if (event && generation === catalogGeneration()) eventRecords(generation).set(id, event);
  return event;
}
