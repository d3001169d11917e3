// What a seat is right now. A held seat whose hold has run out counts as
// available at once, before any sweeper has run (the sweeper only tidies up).

export type SeatState = 'available' | 'held' | 'sold';

export interface SeatRecord {
  id: string;
  eventId: string;
  section: string;
  row: number;
  number: number;
  status: SeatState;
  holdId: string | null;
  heldUntil: number | null;
  orderId: string | null;
}

export function seatState(seat: Pick<SeatRecord, 'status' | 'heldUntil'>, now: number): SeatState {
  if (seat.status === 'sold') return 'sold';
  if (seat.status === 'held' && (seat.heldUntil ?? 0) > now) return 'held';
  return 'available';
}

/** `${eventId}:${section index}-${row}-${number}`: readable and unique per event. */
export function seatId(eventId: string, sectionIndex: number, row: number, number: number): string {
  return `${eventId}:${sectionIndex}-${row}-${number}`;
}

export function eventIdOfSeat(id: string): string {
  return id.slice(0, id.lastIndexOf(':'));
}

/** Sections keep the venue's order: the index is part of the seat id. */
export function sectionIndexOf(id: string): number {
  return Number.parseInt(id.slice(id.lastIndexOf(':') + 1), 10);
}
