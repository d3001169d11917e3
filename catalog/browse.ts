// What fans browse: the event listing with its filters, and an event's page
// with availability and price by section. Each answer is built once per
// thread and keeps its version (catalog/freshness.ts) while everything it was
// made from is unchanged, so its bytes are prepared once too (resources/http/):
// - event and venue records: the catalog generation (catalog/catalogVersion.ts),
//   moved by a subscription to those tables on every change;
// - seat counts: the inventory snapshot of each event shown
//   (catalog/inventory.ts: kept up to date from a Seat subscription, a new
//   snapshot at most every 200 ms);
//   a new snapshot with the same counts keeps the answer;
// - the waiting room summary: re-read once a second per event, the page
//   served meanwhile from the last read (one begun at most ROOM_STALE_MS ago,
//   and checked again with the seat counts);
// - the clock: an answer ends when an event it shows opens its queue, goes on
//   sale or starts, and is rebuilt after about MAX_AGE_MS in any case.
// A request whose answer is still current gets it without waiting on any
// promise (listingNow, pageNow): under a crowd, each wait is a turn of a busy
// event loop. For the same reason an answer whose age ran out is still
// served for STALE_MS while it is rebuilt in the background: answers built
// together would otherwise all make their requests wait together.
import { tables } from '../lib/tables.js';
import { logger } from '../lib/harper.js';
import { inventory, knownInventory, type InventorySnapshot } from './inventory.js';
import { ownerOf } from './owners.js';
import { roomSummary, waitlistLength } from './roomSummary.js';
import { LruCache } from '../lib/lru.js';
import { SharedBuilds } from '../lib/sharedBuilds.js';
import { nextVersion, STOCK_CHECK_MS, type Versioned } from './freshness.js';
import type { EventDetail, EventSummary } from '../lib/wire/catalog.js';
import { cachedEvent, catalogGeneration, eventRecords, freshReads, watchCatalog } from './catalogVersion.js';
import { eventStatus } from './eventRules.js';
import type { EventRecord } from '../lib/records/event.js';
import { filterKey, listingKey, type ListFilter, type ListQuery } from './listQuery.js';
import { getVenue } from './venues.js';
import type { Venue } from '../lib/records/venue.js';

/** A safety net only: every change that matters ends an answer sooner. Each answer's is a little different, so that they are not all rebuilt at once. */
const MAX_AGE_MS = 30_000;
const maxAge = () => MAX_AGE_MS * (0.75 + Math.random() / 2);
/** How long an answer past its age is still served while its rebuild runs. */
const STALE_MS = 500;
const ROOM_SUMMARY_MS = 1000;
/** A page is built anew, not served, when its room summary could not be re-read for this long. */
const ROOM_STALE_MS = 2000;
const MAX_FILTERS = 500;

type WaitingRoom = Awaited<ReturnType<typeof roomSummary>> & { waitlistLength: number };

// ---- the answers' shapes (API.md: EventSummary, EventDetail) ----

function summaryOf(event: EventRecord, venue: Venue | undefined, stock: InventorySnapshot, now: number): EventSummary {
  return {
    id: event.id,
    name: event.name,
    category: event.category,
    venue: { id: event.venueId, name: venue?.name ?? '', city: event.city },
    startsAt: event.startsAt,
    onSaleAt: event.onSaleAt,
    status: eventStatus(event, stock.totals.available, now),
    minPrice: Math.min(...Object.values(event.prices)),
    available: stock.totals.available,
  };
}

function detailOf(
  event: EventRecord,
  venue: Venue | undefined,
  stock: InventorySnapshot,
  extras: Pick<EventDetail, 'waitingRoom' | 'waitlist'>,
  now: number,
): EventDetail {
  return {
    ...summaryOf(event, venue, stock, now),
    description: event.description,
    performers: event.performers,
    sections: stock.sections.map((section) => ({ ...section, price: event.prices[section.name] })),
    ...extras,
    owner: ownerOf(event),
  };
}

const venues = new Map<string, Venue>();
async function venueOf(id: string): Promise<Venue | undefined> {
  // venues never change once created, so each thread keeps the ones it has found
  const known = venues.get(id);
  if (known) return known;
  const venue = await getVenue(id);
  if (venue) venues.set(id, venue);
  return venue;
}

/** The moment an answer showing this event may change by the clock alone. */
function nextChangeOf(event: EventRecord, now: number): number {
  const opensAt = Date.parse(event.onSaleAt) - (event.waitingRoom?.prequeueMinutes ?? 0) * 60_000;
  let next = Number.POSITIVE_INFINITY;
  for (const at of [opensAt, Date.parse(event.onSaleAt), Date.parse(event.startsAt)]) if (at > now && at < next) next = at;
  return next;
}

/** The waitlist takes fans only while the event has nothing left to sell. */
function waitlistOf(event: EventRecord, stock: InventorySnapshot, length: number, now: number) {
  return { open: eventStatus(event, stock.totals.available, now) === 'sold_out', length };
}

/** An event's full page as organizers get it back from POST and PATCH (read fresh, not cached). */
export async function eventDetail(event: EventRecord) {
  const [stock, venue, waitingRoom, length] = await Promise.all([
    inventory(event.id),
    venueOf(event.venueId),
    roomSummary(event),
    waitlistLength(event.id),
  ]);
  const now = Date.now();
  return detailOf(event, venue, stock, { waitingRoom, waitlist: waitlistOf(event, stock, length, now) }, now);
}

// ---- the listing ----

/** Whether an event matches a filter (`now`: an ISO time; without "from", only events that have not started). */
function matchesFilter(event: EventRecord, filter: ListFilter, now: string): boolean {
  if (filter.category && event.category !== filter.category) return false;
  if (filter.venue && event.venueId !== filter.venue) return false;
  if (filter.city && event.city !== filter.city) return false;
  if (filter.from ? event.startsAt < filter.from : event.startsAt <= now) return false;
  if (filter.to && event.startsAt > filter.to) return false;
  return (filter.words ?? []).every((word) => event.words?.includes(word));
}

function plain(record: EventRecord): EventRecord {
  const json = (record as { toJSON?: () => EventRecord }).toJSON?.() ?? record;
  return { ...json };
}

const byStart = (a: EventRecord, b: EventRecord) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.id < b.id ? -1 : 1);

let catalog: { generation: number; events: EventRecord[] } | undefined;
const catalogBuilds = new SharedBuilds<EventRecord[]>();

/**
 * Every event, by startsAt: one read of the table per thread and generation.
 * Filters are applied to it in memory: a read of Harper's indexes per filter
 * took turns of the event loop, and under a crowd a filter first asked for
 * waited seconds for its answer. A catalog is organizers' events, not fans:
 * thousands at most.
 */
function everyEvent(generation: number): Promise<EventRecord[]> | EventRecord[] {
  if (catalog?.generation === generation) return catalog.events;
  return catalogBuilds.run('every event', generation, async () => {
    freshReads();
    const records = eventRecords(generation);
    const events: EventRecord[] = [];
    // a context of its own: the list is shared by later requests, never read through one request's snapshot
    for await (const found of tables.Event.search({ conditions: [] }, {})) {
      // kept beyond this read: a plain copy, not Harper's lazily decoded record
      const event = records.get(found.id) ?? plain(found);
      records.set(event.id, event);
      events.push(event);
    }
    events.sort(byStart);
    if (generation === catalogGeneration()) catalog = { generation, events };
    return events;
  });
}

interface Matches {
  generation: number;
  events: EventRecord[];
  validUntil: number;
}

const matchLists = new Map<string, Matches>();

/** Every event that matches a filter, by startsAt: kept per filter, thread and generation. */
async function matchesOf(filter: ListFilter, generation: number): Promise<Matches> {
  const key = filterKey(filter);
  const known = matchLists.get(key);
  if (known && known.generation === generation && Date.now() < known.validUntil) return known;
  const every = await everyEvent(generation);
  const now = new Date().toISOString();
  const events = every.filter((event) => matchesFilter(event, filter, now));
  // by default the listing loses its first event the moment that event starts
  const validUntil = !filter.from && events.length ? Date.parse(events[0].startsAt) : Infinity;
  const matches = { generation, events, validUntil };
  if (generation === catalogGeneration()) {
    for (const [oldKey, old] of matchLists) if (old.generation !== generation || matchLists.size >= MAX_FILTERS) matchLists.delete(oldKey);
    matchLists.set(key, matches);
  }
  return matches;
}

interface ListingEntry {
  query: ListQuery;
  generation: number;
  checkedAt: number;
  ids: string[];
  stocks: InventorySnapshot[];
  /** the clock changes what it shows (an event starts, opens its queue, goes on sale) */
  validUntil: number;
  refreshAt: number;
  answer: Versioned;
}

const listings = new LruCache<ListingEntry>(2000);
const listingBuilds = new SharedBuilds<ListingEntry>();

/** Still true when every event shown has the same number of seats available (status follows from it). */
function listingHolds(entry: ListingEntry): boolean {
  for (let i = 0; i < entry.ids.length; i++) {
    const stock = knownInventory(entry.ids[i]);
    if (stock === entry.stocks[i]) continue;
    if (!stock || stock.totals.available !== entry.stocks[i].totals.available) return false;
    entry.stocks[i] = stock;
  }
  return true;
}

async function buildListing(key: string, query: ListQuery, generation: number): Promise<ListingEntry> {
  const matches = await matchesOf(query, generation);
  const page = matches.events.slice(query.offset, query.offset + query.limit);
  const [stocks, pageVenues] = await Promise.all([
    Promise.all(page.map((event) => inventory(event.id))),
    Promise.all(page.map((event) => venueOf(event.venueId))),
  ]);
  const now = Date.now();
  const body = {
    items: page.map((event, i) => summaryOf(event, pageVenues[i], stocks[i], now)),
    total: matches.events.length,
    limit: query.limit,
    offset: query.offset,
  };
  const validUntil = Math.min(matches.validUntil, ...page.map((event) => nextChangeOf(event, now)));
  const answer = { version: nextVersion(), data: () => body };
  const ids = page.map((event) => event.id);
  const entry = { query, generation, checkedAt: now, ids, stocks, validUntil, refreshAt: now + maxAge(), answer };
  if (generation === catalogGeneration()) listings.set(key, entry);
  return entry;
}

interface Timed {
  generation: number;
  validUntil: number;
  refreshAt: number;
}

/**
 * Whether an answer may be served: not once the catalog or the clock has
 * changed it (an organizer sees the event just created); for STALE_MS after
 * its age ran out, while `rebuild` (started then, once per key) makes the
 * new one, as nothing it shows is known to have changed.
 */
function servable(entry: Timed, now: number, rebuild: () => Promise<unknown>): boolean {
  if (entry.generation !== catalogGeneration() || now >= entry.validUntil) return false;
  if (now < entry.refreshAt) return true;
  if (now - entry.refreshAt >= STALE_MS) return false;
  rebuild().catch((error) => logger.error('browse answer rebuild failed', error));
  return true;
}

const buildListingNow = (key: string, query: ListQuery) => {
  const generation = catalogGeneration();
  return listingBuilds.run(key, generation, () => buildListing(key, query, generation));
};

/** GET /events/ answered from this thread's cache, if its answer for this key may still be served. */
export function listingNow(key: string): Versioned | undefined {
  const cached = listings.get(key);
  const now = Date.now();
  if (!cached || !servable(cached, now, () => buildListingNow(key, cached.query))) return undefined;
  if (now - cached.checkedAt >= STOCK_CHECK_MS) {
    if (!listingHolds(cached)) return undefined;
    cached.checkedAt = now;
  }
  return cached.answer;
}

/** GET /events/: the answer for a checked query (`key`: its listingKey). */
export async function eventListing(query: ListQuery, key = listingKey(query)): Promise<Versioned> {
  await watchCatalog();
  return listingNow(key) ?? (await buildListingNow(key, query)).answer;
}

// ---- the event page ----

interface RoomRead {
  generation: number;
  readAt: number;
  summary: Promise<WaitingRoom>;
  /** the last summary read, until a newer one is */
  known?: { summary: WaitingRoom; readAt: number };
}

const rooms = new Map<string, RoomRead>();

/**
 * The waiting room summary, re-read at most once a second per event and
 * thread, and at once when the catalog changes (it depends on the event's
 * settings and whether it is cancelled).
 */
function roomOf(event: EventRecord, generation: number): Promise<WaitingRoom> {
  const now = Date.now();
  const known = rooms.get(event.id);
  if (known && known.generation === generation && now - known.readAt < ROOM_SUMMARY_MS) return known.summary;
  const summary = Promise.all([roomSummary(event, now), waitlistLength(event.id)]).then(([room, waitlistLength]) => ({
    ...room,
    waitlistLength,
  }));
  if (rooms.size > 10_000) rooms.clear();
  const read: RoomRead = { generation, readAt: now, summary, known: known?.generation === generation ? known.known : undefined };
  rooms.set(event.id, read);
  summary.then(
    (room) => (read.known = { summary: room, readAt: now }),
    () => rooms.get(event.id) === read && rooms.delete(event.id),
  );
  return summary;
}

/**
 * The last summary read, without waiting; a re-read starts when it is over a
 * second old. Undefined when none was read in this generation or the last is
 * older than ROOM_STALE_MS.
 */
function knownRoom(event: EventRecord, generation: number): WaitingRoom | undefined {
  // starts a re-read when one is due; a read that fails is dropped (roomOf) and the last one stands until it is too old
  void roomOf(event, generation);
  const known = rooms.get(event.id)?.known;
  return known && Date.now() - known.readAt < ROOM_STALE_MS ? known.summary : undefined;
}

const sameRoom = (a: WaitingRoom, b: WaitingRoom) =>
  a === b ||
  (a.open === b.open &&
    a.waiting === b.waiting &&
    a.active === b.active &&
    a.maxActive === b.maxActive &&
    a.waitlistLength === b.waitlistLength);

function sameCounts(a: InventorySnapshot, b: InventorySnapshot): boolean {
  if (a === b) return true;
  if (a.sections.length !== b.sections.length) return false;
  return a.sections.every((s, i) => {
    const t = b.sections[i];
    return s.name === t.name && s.total === t.total && s.available === t.available && s.held === t.held && s.sold === t.sold;
  });
}

interface DetailEntry {
  generation: number;
  checkedAt: number;
  event: EventRecord;
  stock: InventorySnapshot;
  room: WaitingRoom;
  validUntil: number;
  refreshAt: number;
  answer: Versioned;
}

const details = new LruCache<DetailEntry>(5000);
const detailBuilds = new SharedBuilds<DetailEntry | undefined>();

async function buildDetail(id: string, generation: number): Promise<DetailEntry | undefined> {
  const event = await cachedEvent(id);
  if (!event) return undefined;
  const [stock, venue, room] = await Promise.all([inventory(id), venueOf(event.venueId), roomOf(event, generation)]);
  const now = Date.now();
  const { waitlistLength: length, ...waitingRoom } = room;
  const body = detailOf(event, venue, stock, { waitingRoom, waitlist: waitlistOf(event, stock, length, now) }, now);
  const answer = { version: nextVersion(), data: () => body };
  const entry = { generation, checkedAt: now, event, stock, room, validUntil: nextChangeOf(event, now), refreshAt: now + maxAge(), answer };
  if (generation === catalogGeneration()) details.set(id, entry);
  return entry;
}

const buildDetailNow = (id: string) => {
  const generation = catalogGeneration();
  return detailBuilds.run(id, generation, () => buildDetail(id, generation));
};

/** GET /events/{id} answered from this thread's cache, if its answer may still be served. */
export function pageNow(id: string): Versioned | undefined {
  const cached = details.get(id);
  const now = Date.now();
  if (!cached || !servable(cached, now, () => buildDetailNow(id))) return undefined;
  if (now - cached.checkedAt < STOCK_CHECK_MS) return cached.answer;
  const stock = knownInventory(id);
  const room = knownRoom(cached.event, cached.generation);
  if (!stock || !room || !sameCounts(stock, cached.stock) || !sameRoom(room, cached.room)) return undefined;
  cached.stock = stock;
  cached.room = room;
  cached.checkedAt = now;
  return cached.answer;
}

/** GET /events/{id}: the answer, or undefined for an unknown event. */
export async function eventPage(id: string): Promise<Versioned | undefined> {
  await watchCatalog();
  return pageNow(id) ?? (await buildDetailNow(id))?.answer;
}
