// The published draw (GET /draws/{eventId}): before it, the seed's hash; after
// it, the seed and the drawn entries, stored with the places they gave.
import { tables } from '../lib/tables.js';
import type { ChangeContext } from '../lib/harper.js';
import type { EventRecord } from '../lib/records/event.js';
import type { DrawView } from '../lib/wire/draw.js';
import { DRAW_PAGE, type DrawRecord, drawPageId, newDraw } from '../lib/records/draw.js';

/** The event's draw; one made now for an event from before draws were kept (its hash is public from now on). */
export async function drawOf(eventId: string, ctx: ChangeContext): Promise<DrawRecord> {
  const draw = await tables.Draw.get(eventId, ctx);
  if (draw) return draw;
  const made = newDraw(eventId);
  await tables.Draw.put(made, ctx);
  return made;
}

/** Records the drawn order, in the transaction that gives the places. */
export async function recordDraw(draw: DrawRecord, entries: string[], ctx: ChangeContext): Promise<void> {
  for (let page = 0; page * DRAW_PAGE < entries.length; page++) {
    await tables.DrawPage.put({ id: drawPageId(draw.id, page), entries: entries.slice(page * DRAW_PAGE, (page + 1) * DRAW_PAGE) }, ctx);
  }
  await tables.Draw.put({ ...draw, drawnAt: new Date().toISOString(), entrants: entries.length }, ctx);
}

/** Entries offset..offset+limit of the drawn order. */
export async function drawnEntries(eventId: string, offset: number, limit: number): Promise<string[]> {
  const entries: string[] = [];
  for (let page = Math.floor(offset / DRAW_PAGE); entries.length < limit; page++) {
    const stored = await tables.DrawPage.get(drawPageId(eventId, page));
    if (!stored) break;
    const from = Math.max(0, offset - page * DRAW_PAGE);
    entries.push(...stored.entries.slice(from, from + limit - entries.length));
  }
  return entries;
}

/** What GET /draws/{eventId} shows: the commitment until the draw, then the seed and a page of the order. */
export async function drawView(event: EventRecord, offset: number, limit: number): Promise<DrawView> {
  const draw = await tables.Draw.get(event.id);
  const before = { eventId: event.id, drawsAt: event.onSaleAt, commitment: draw?.commitment ?? null };
  if (!draw?.drawnAt) return before;
  const { seed, drawnAt, entrants } = draw;
  return { ...before, drawnAt, seed, entrants: entrants ?? 0, order: await drawnEntries(event.id, offset, limit), offset, limit };
}
