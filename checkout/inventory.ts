// An event's seats as this worker thread last read them, and the counts by
// section derived from them. Reading 1,000 seats per request would not keep up
// with an on-sale, so each thread keeps one snapshot per event and drops it
// when a seat of that event changes on any thread (a table subscription sees
// every thread's commits) or when the next hold in it runs out. A snapshot is
// rebuilt at most every REBUILD_MS, so counts are never more than that stale.
import { tables, logger } from '../lib/harper.js';
import { eventIdOfSeat, sectionIndexOf, seatState, type SeatRecord, type SeatState } from './seatStatus.js';

const REBUILD_MS = 200;

export interface SeatView {
  id: string;
  section: string;
  row: number;
  number: number;
  state: SeatState;
}

export interface SectionCounts {
  name: string;
  total: number;
  available: number;
  held: number;
  sold: number;
}

export interface InventorySnapshot {
  seats: SeatView[];
  sections: SectionCounts[];
  totals: { available: number; held: number; sold: number };
}

interface Entry {
  snapshot: InventorySnapshot;
  builtAt: number;
  validUntil: number;
  stale: boolean;
}

const entries = new Map<string, Entry>();
const pending = new Map<string, Promise<InventorySnapshot>>();
const building = new Map<string, { stale: boolean }>();
let watching: Promise<void> | undefined;

/**
 * Starts this thread's watch on seat changes. Called when the thread loads,
 * outside any request: a subscription opened inside a request would live and
 * die with that request's context.
 */
export function watchSeatChanges(): Promise<void> {
  watching ??= (async () => {
    const changes = await tables.Seat.subscribe({ omitCurrent: true });
    (async () => {
      for await (const change of changes) {
        const eventId = eventIdOfSeat(String(change.id));
        const entry = entries.get(eventId);
        if (entry) entry.stale = true;
        const inProgress = building.get(eventId);
        if (inProgress) inProgress.stale = true;
      }
    })().catch((error) => logger.error('seat change watch stopped', error));
  })();
  return watching;
}

export async function inventory(eventId: string): Promise<InventorySnapshot> {
  await watchSeatChanges();
  const now = Date.now();
  const entry = entries.get(eventId);
  if (entry && ((!entry.stale && entry.validUntil > now) || now - entry.builtAt < REBUILD_MS)) return entry.snapshot;
  let rebuilding = pending.get(eventId);
  if (!rebuilding) {
    rebuilding = build(eventId).finally(() => pending.delete(eventId));
    pending.set(eventId, rebuilding);
  }
  return rebuilding;
}

async function build(eventId: string): Promise<InventorySnapshot> {
  const startedAt = Date.now();
  // a change that lands from here on marks the new snapshot stale again
  const marker = { stale: false };
  building.set(eventId, marker);
  // this thread's read snapshot may predate the commit that made the entry stale
  tables.Seat.primaryStore.resetReadTxn();
  const seats: SeatView[] = [];
  let validUntil = Infinity;
  // a context of its own: the snapshot is shared, so never read it through a request's older snapshot
  const query = { conditions: [{ attribute: 'eventId', value: eventId }] };
  for await (const seat of tables.Seat.search(query, {}) as AsyncIterable<SeatRecord>) {
    const state = seatState(seat, startedAt);
    if (state === 'held') validUntil = Math.min(validUntil, seat.heldUntil as number);
    seats.push({ id: seat.id, section: seat.section, row: seat.row, number: seat.number, state });
  }
  seats.sort((a, b) => sectionIndexOf(a.id) - sectionIndexOf(b.id) || a.row - b.row || a.number - b.number);
  const snapshot = summarize(seats);
  building.delete(eventId);
  entries.set(eventId, { snapshot, builtAt: startedAt, validUntil, stale: marker.stale });
  return snapshot;
}

export function summarize(seats: SeatView[]): InventorySnapshot {
  const bySection = new Map<string, SectionCounts>();
  const totals = { available: 0, held: 0, sold: 0 };
  for (const seat of seats) {
    let counts = bySection.get(seat.section);
    if (!counts) bySection.set(seat.section, (counts = { name: seat.section, total: 0, available: 0, held: 0, sold: 0 }));
    counts.total++;
    counts[seat.state]++;
    totals[seat.state]++;
  }
  return { seats, sections: [...bySection.values()], totals };
}

/** Drops this thread's snapshot of an event: for writers that must read their own change back. */
export function forget(eventId: string): void {
  entries.delete(eventId);
}
