// An event's seats as this worker thread knows them, and the counts by section
// derived from them. Reading every seat per request would not keep up with an
// on-sale, and neither would reading them all again after each change (10,000
// seats take tens of milliseconds), so each thread reads an event's seats once
// and then applies every seat change its table subscription tells it of (a
// subscription sees every thread's commits within milliseconds). The snapshot
// handed out is made anew from those seats at most every REBUILD_MS (callers
// that must not be late ask for less), and when the next hold in it runs out.
import { tables } from '../lib/tables.js';
import { logger } from '../lib/harper.js';
import { eventIdOfSeat, sectionIndexOf, seatState, type SeatRecord, type SeatState } from '../lib/records/seat.js';

const REBUILD_MS = 200;

// Test-only: test/freshDecisions.test.ts starts one Harper with this set, and
// each thread's snapshot of an event then never moves on from its first read,
// to show that no decision rests on a snapshot. Never set it anywhere else.
const frozenForTest = process.env.TICKETING_TEST_FROZEN_INVENTORY === '1';

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

type StoredSeat = Pick<SeatRecord, 'id' | 'section' | 'row' | 'number' | 'status' | 'heldUntil'>;

interface Entry {
  /** in seat-map order, as last read or told */
  seats: StoredSeat[];
  positions: Map<string, number>;
  snapshot: InventorySnapshot;
  builtAt: number;
  /** when the first hold in the snapshot runs out */
  validUntil: number;
  changed: boolean;
  /** seats were added since the last sort */
  unsorted?: boolean;
}

/** Told of each seat change after this thread's snapshot has it (the eventId; the seat, undefined if deleted). */
export type SeatListener = (eventId: string, seat: SeatRecord | undefined) => void;

const entries = new Map<string, Entry>();
const listeners: SeatListener[] = [];
/** events being read, and the changes told meanwhile (the latest per seat; undefined: deleted) */
const reading = new Map<string, { done: Promise<Entry>; told: Map<string, SeatRecord | undefined> }>();
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
        const id = String(change.id);
        const seat = change.value;
        const eventId = eventIdOfSeat(id);
        const entry = entries.get(eventId);
        if (entry) apply(entry, id, seat);
        else reading.get(eventId)?.told.set(id, seat);
        for (const listener of listeners) {
          try {
            listener(eventId, seat);
          } catch (error) {
            logger.error('seat change listener failed', error); // the inventory itself must keep up
          }
        }
      }
    })().catch((error) => logger.error('seat change watch stopped', error));
  })();
  return watching;
}

/**
 * Tells `listener` of every seat change from now on, each once this thread's
 * inventory has applied it: a listener that reads the inventory sees the change.
 */
export function onSeatChange(listener: SeatListener): Promise<void> {
  listeners.push(listener);
  return watchSeatChanges();
}

function apply(entry: Entry, id: string, seat: SeatRecord | undefined): void {
  if (!seat) {
    entries.delete(eventIdOfSeat(id)); // a seat deleted: read the event again
    return;
  }
  const at = entry.positions.get(id);
  if (at !== undefined) entry.seats[at] = stored(seat);
  else {
    // a seat the read did not see: on a replica, an event's seats may be told
    // before a read can see them (and not told again), so the message is kept
    entry.positions.set(id, entry.seats.length);
    entry.seats.push(stored(seat));
    entry.unsorted = true;
  }
  entry.changed = true;
}

/** The event's seats and counts, with every change told so far if the snapshot is older than maxAgeMs. */
export async function inventory(eventId: string, maxAgeMs = REBUILD_MS): Promise<InventorySnapshot> {
  await watchSeatChanges();
  return snapshotOf(entries.get(eventId) ?? (await read(eventId)), maxAgeMs);
}

/**
 * As inventory(), without waiting: undefined when this thread has not read
 * the event's seats yet. For answers served from a cache, which must not wait
 * for a promise to learn that nothing changed.
 */
export function knownInventory(eventId: string): InventorySnapshot | undefined {
  const entry = entries.get(eventId);
  return entry && snapshotOf(entry, REBUILD_MS);
}

function snapshotOf(entry: Entry, maxAgeMs: number): InventorySnapshot {
  if (frozenForTest && entry.seats.length) return entry.snapshot; // frozen once it has the event's seats
  const now = Date.now();
  if ((entry.changed || entry.validUntil <= now) && now - entry.builtAt >= maxAgeMs) rebuild(entry, now);
  return entry.snapshot;
}

// a read gives other requests a turn after this many seats: 10,000 seats at
// once hold a thread for tens of milliseconds, long enough for Harper to
// refuse the next requests of an on-sale's first burst as overload
const READ_CHUNK = 500;

/** Reads an event's seats from the table once, however many ask at the same time. */
function read(eventId: string): Promise<Entry> {
  let current = reading.get(eventId);
  if (!current) {
    const told = new Map<string, SeatRecord | undefined>();
    const done = readSeats(eventId, told).finally(() => reading.delete(eventId));
    reading.set(eventId, (current = { done, told }));
  }
  return current.done;
}

async function readSeats(eventId: string, told: Map<string, SeatRecord | undefined>): Promise<Entry> {
  const query = { conditions: [{ attribute: 'eventId', value: eventId }] };
  for (;;) {
    told.clear(); // what was told before this read is in it
    // this thread's read snapshot may predate another thread's latest commit
    tables.Seat.primaryStore.resetReadTxn();
    const seats: StoredSeat[] = [];
    // one snapshot throughout (the search keeps its own), read synchronously in chunks
    for (const seat of tables.Seat.search(query, {}) as unknown as Iterable<SeatRecord>) {
      seats.push(stored(seat));
      if (seats.length % READ_CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const entry = { seats, unsorted: true } as Entry;
    sortSeats(entry);
    entries.set(eventId, entry);
    // changes told while reading: some are in the snapshot already, and applying them again does no harm
    for (const [id, seat] of told) apply(entry, id, seat);
    if (entries.get(eventId) === entry) {
      rebuild(entry, Date.now());
      return entry;
    }
    // a seat was deleted while reading: read again
  }
}

function stored(seat: SeatRecord): StoredSeat {
  return { id: seat.id, section: seat.section, row: seat.row, number: seat.number, status: seat.status, heldUntil: seat.heldUntil };
}

function sortSeats(entry: Entry): void {
  if (!entry.unsorted) return;
  entry.seats.sort((a, b) => sectionIndexOf(a.id) - sectionIndexOf(b.id) || a.row - b.row || a.number - b.number);
  entry.positions = new Map(entry.seats.map((seat, i) => [seat.id, i]));
  entry.unsorted = false;
}

/** A new snapshot (never changed in place: callers compare snapshots by identity). */
function rebuild(entry: Entry, now: number): void {
  sortSeats(entry);
  let validUntil = Infinity;
  const views = entry.seats.map((seat): SeatView => {
    const state = seatState(seat, now);
    if (state === 'held') validUntil = Math.min(validUntil, seat.heldUntil as number);
    return { id: seat.id, section: seat.section, row: seat.row, number: seat.number, state };
  });
  entry.snapshot = summarize(views);
  entry.builtAt = now;
  entry.validUntil = validUntil;
  entry.changed = false;
}

function summarize(seats: SeatView[]): InventorySnapshot {
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

/**
 * Whether a seat of the event is available now, read from the table itself:
 * for a decision that refuses a fan, which must rest on state at least as new
 * as any page the fan read (pages come from snapshots, which may be older).
 */
export async function anyAvailableNow(eventId: string): Promise<boolean> {
  tables.Seat.primaryStore.resetReadTxn(); // every thread's latest commit
  const now = Date.now();
  for await (const seat of tables.Seat.search({ conditions: [{ attribute: 'eventId', value: eventId }] }, {})) {
    if (seatState(seat, now) === 'available') return true;
  }
  return false;
}

/** Whether every seat of the event is sold (none available or held), read from the table itself: it ends the line. */
export async function soldOutNow(eventId: string): Promise<boolean> {
  tables.Seat.primaryStore.resetReadTxn();
  const now = Date.now();
  let seats = 0;
  for await (const seat of tables.Seat.search({ conditions: [{ attribute: 'eventId', value: eventId }] }, {})) {
    if (seatState(seat, now) !== 'sold') return false;
    seats++;
  }
  return seats > 0;
}

/**
 * One section's seats as they are now, read from the table itself (by the
 * section's part of the seat ids): for a refusal, as anyAvailableNow.
 */
export async function sectionNow(eventId: string, sectionIndex: number): Promise<SeatView[]> {
  tables.Seat.primaryStore.resetReadTxn();
  const now = Date.now();
  const seats: SeatView[] = [];
  const query = { conditions: [{ attribute: 'id', comparator: 'starts_with', value: `${eventId}:${sectionIndex}-` }] };
  for await (const seat of tables.Seat.search(query, {})) {
    seats.push({ id: seat.id, section: seat.section, row: seat.row, number: seat.number, state: seatState(seat, now) });
  }
  return seats;
}

/**
 * Reads these seats again at once, for a writer that lost a race for them or
 * must not offer them twice: the subscription tells this thread soon, but not
 * within the same request.
 */
export async function refresh(eventId: string, seatIds: string[]): Promise<void> {
  const entry = entries.get(eventId);
  if (!entry) return;
  tables.Seat.primaryStore.resetReadTxn(); // the winner's commit, not this thread's older snapshot
  for (const id of seatIds) {
    const at = entry.positions.get(id);
    const seat = await tables.Seat.get(id);
    if (at === undefined || !seat) {
      entries.delete(eventId);
      return;
    }
    entry.seats[at] = stored(seat);
  }
  entry.changed = true;
  entry.builtAt = 0; // the next read makes a new snapshot
}
