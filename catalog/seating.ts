// Turns a venue's layout into an event's sellable seats.
import type { ChangeContext } from '../lib/harper.js';
import { tables } from '../lib/tables.js';
import type { Venue } from '../lib/records/venue.js';
import { seatId, type SeatRecord } from '../lib/records/seat.js';

function seatsFor(eventId: string, venue: Venue): SeatRecord[] {
  const seats: SeatRecord[] = [];
  venue.sections.forEach((section, index) => {
    for (let row = 1; row <= section.rows; row++) {
      for (let number = 1; number <= section.seatsPerRow; number++) {
        seats.push({
          id: seatId(eventId, index, row, number),
          eventId,
          section: section.name,
          row,
          number,
          status: 'available',
          holdId: null,
          heldUntil: null,
          orderId: null,
        });
      }
    }
  });
  return seats;
}

/** Writes every seat of a new event in the caller's transaction. */
export async function createSeats(eventId: string, venue: Venue, ctx: ChangeContext): Promise<void> {
  await Promise.all(seatsFor(eventId, venue).map((seat) => tables.Seat.put(seat, ctx)));
}
