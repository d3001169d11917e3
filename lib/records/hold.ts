// A hold: seats reserved for one fan for a few minutes, and when it stops counting.

export type HoldStatus = 'active' | 'confirmed' | 'released' | 'expired';

export interface HeldSeat {
  id: string;
  section: string;
  row: number;
  number: number;
  price: number;
}

export interface HoldRecord {
  id: string;
  eventId: string;
  ticketId: string | null;
  waitlistId: string | null;
  seatIds: string[];
  seats: HeldSeat[];
  total: number;
  status: HoldStatus;
  expiresAt: number;
  createdAt: number;
  /** when it stopped being active (released, expired or bought) */
  endedAt?: number;
}

/** A hold as the fan sees it: an active hold past its expiry is already expired. */
export function holdStatus(hold: HoldRecord, now = Date.now()): HoldStatus {
  return hold.status === 'active' && hold.expiresAt <= now ? 'expired' : hold.status;
}
