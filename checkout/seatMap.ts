// The seat map of an event: every seat's status and each section's price.
import { invalid } from '../lib/errors.js';
import type { EventRecord } from '../catalog/events.js';
import { inventory, type SeatView } from './inventory.js';

interface RowView {
  row: number;
  seats: { id: string; number: number; status: SeatView['state'] }[];
}

export async function seatMap(event: EventRecord, section?: string) {
  if (section !== undefined && !event.sections.includes(section)) {
    throw invalid(`The event has no section "${section}".`, { field: 'section' });
  }
  const rowsBySection = new Map<string, RowView[]>();
  for (const seat of (await inventory(event.id)).seats) {
    if (section !== undefined && seat.section !== section) continue;
    let rows = rowsBySection.get(seat.section);
    if (!rows) rowsBySection.set(seat.section, (rows = []));
    let row = rows[rows.length - 1];
    if (!row || row.row !== seat.row) rows.push((row = { row: seat.row, seats: [] }));
    row.seats.push({ id: seat.id, number: seat.number, status: seat.state });
  }
  return {
    eventId: event.id,
    sections: [...rowsBySection].map(([name, rows]) => ({ name, price: event.prices[name], rows })),
  };
}
