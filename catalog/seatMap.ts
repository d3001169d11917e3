// The seat map of an event: every seat's status and each section's price. A
// 1,000-seat map is some 60 KB of JSON, so its version changes only with the
// inventory snapshot (catalog/inventory.ts: kept up to date from a Seat
// subscription, a new snapshot at most every 200 ms) and the catalog
// generation (prices), and the same bytes are sent until either moves.
import { invalid } from '../lib/errors.js';
import type { EventRecord } from '../lib/records/event.js';
import { LruCache } from '../lib/lru.js';
import { cachedEvent, catalogGeneration } from './catalogVersion.js';
import { nextVersion, STOCK_CHECK_MS, type Versioned } from './freshness.js';
import type { SeatMap } from '../lib/wire/catalog.js';
import { inventory, knownInventory, type InventorySnapshot, type SeatView } from './inventory.js';

interface RowView {
  row: number;
  seats: { id: string; number: number; status: SeatView['state'] }[];
}

function checkSection(event: EventRecord, section?: string): void {
  if (section !== undefined && !event.sections.includes(section)) {
    throw invalid(`The event has no section "${section}".`, { field: 'section' });
  }
}

function seatMapOf(event: EventRecord, stock: InventorySnapshot, section?: string): SeatMap {
  const rowsBySection = new Map<string, RowView[]>();
  for (const seat of stock.seats) {
    if (section !== undefined && seat.section !== section) continue;
    let rows = rowsBySection.get(seat.section);
    if (!rows) rowsBySection.set(seat.section, (rows = []));
    let row = rows[rows.length - 1];
    if (!row || row.row !== seat.row) rows.push((row = { row: seat.row, seats: [] }));
    row.seats.push({ id: seat.id, number: seat.number, status: seat.state });
  }
  return {
    eventId: event.id,
    sections: [...rowsBySection].map(([name, rows]) => ({
      name,
      price: event.prices[name],
      ...(event.layouts?.[name] ? { layout: event.layouts[name] } : {}),
      rows,
    })),
  };
}

interface MapEntry {
  generation: number;
  checkedAt: number;
  stock: InventorySnapshot;
  answer: Versioned;
}

const maps = new LruCache<MapEntry>(1000);

/** One key per map (any character may come in an id or a section's name from the path). */
export const seatMapKey = (eventId: string, section?: string) => JSON.stringify([eventId, section ?? null]);

/** GET /seatmap/{id} answered from this thread's cache, without waiting, if its answer is still current. */
export function seatMapNow(eventId: string, section?: string): Versioned | undefined {
  const cached = maps.get(seatMapKey(eventId, section));
  if (!cached || cached.generation !== catalogGeneration()) return undefined;
  const now = Date.now();
  if (now - cached.checkedAt >= STOCK_CHECK_MS) {
    if (knownInventory(eventId) !== cached.stock) return undefined;
    cached.checkedAt = now;
  }
  return cached.answer;
}

/** GET /seatmap/{id}: the answer, or undefined for an unknown event. */
export async function seatMap(eventId: string, section?: string): Promise<Versioned | undefined> {
  const event = await cachedEvent(eventId);
  if (!event) return undefined;
  checkSection(event, section);
  const known = seatMapNow(eventId, section);
  if (known) return known;
  const generation = catalogGeneration();
  const stock = await inventory(eventId);
  // built only when its bytes are made, from this snapshot: the entry keeps no seats of its own
  const answer = { version: nextVersion(), data: () => seatMapOf(event, stock, section) };
  if (generation === catalogGeneration()) maps.set(seatMapKey(eventId, section), { generation, checkedAt: Date.now(), stock, answer });
  return answer;
}
