// Pure rules about events: their categories, their status, their search words.
import type { EventRecord } from '../lib/records/event.js';

export { CATEGORIES } from '../lib/wire/catalog.js';
export type EventStatus = 'scheduled' | 'on_sale' | 'sold_out' | 'cancelled' | 'past';

export function eventStatus(
  event: Pick<EventRecord, 'cancelled' | 'startsAt' | 'onSaleAt'>,
  available: number,
  now = Date.now(),
): EventStatus {
  if (event.cancelled) return 'cancelled';
  if (Date.parse(event.startsAt) <= now) return 'past';
  if (now < Date.parse(event.onSaleAt)) return 'scheduled';
  return available > 0 ? 'on_sale' : 'sold_out';
}

/** Lower-case words of names and performers, as indexed for the `q` filter. */
export function wordsOf(...texts: string[]): string[] {
  const words =
    texts
      .join(' ')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)];
}
