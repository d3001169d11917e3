// An order: a hold turned into sold seats, and the key that makes its request idempotent.
import type { HeldSeat } from './hold.js';

export interface Buyer {
  name: string;
  email: string;
}

export interface OrderRecord {
  id: string;
  eventId: string;
  holdId: string;
  ticketId: string | null;
  seats: HeldSeat[];
  total: number;
  buyer: Buyer;
  status: 'confirmed' | 'cancelled';
  idempotencyKey: string | null;
  createdAt: string;
  cancelledAt: string | null;
}

/** What an Idempotency-Key remembers: the request it came with and the order it made. */
export interface IdempotencyRecord {
  id: string;
  requestHash: string;
  orderId: string;
}
