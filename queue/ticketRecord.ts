// A fan's place in an event's waiting room, and how it looks from outside.

export type TicketState = 'waiting' | 'admitted' | 'done' | 'expired';

export interface TicketRecord {
  id: string;
  eventId: string;
  state: TicketState;
  seq: number;
  joinedAt: number;
  admittedAt: number | null;
  token: string | null;
  tokenExpiresAt: number | null;
  lastSeenAt: number;
  activeHoldId: string | null;
  slotEventId: string | null;
  waitKey: string | null;
  endedAt: number | null;
  endReason: string | null;
}

/** The index key that orders an event's line: fixed-width so strings sort like numbers. */
export function waitKeyOf(eventId: string, seq: number): string {
  return `${eventId}~${String(seq).padStart(20, '0')}`;
}

export function waitKeyPrefix(eventId: string): string {
  return `${eventId}~`;
}

/** Ends a ticket's place: it no longer waits and no longer occupies a slot. */
export function ended(ticket: TicketRecord, state: 'done' | 'expired', reason: string, now: number): TicketRecord {
  return { ...ticket, state, slotEventId: null, waitKey: null, activeHoldId: null, endedAt: now, endReason: reason };
}
