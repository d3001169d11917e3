// A fan's place in an event's waiting room.

export type TicketState = 'waiting' | 'admitted' | 'done' | 'expired' | 'cancelled' | 'sold_out';

export interface TicketRecord {
  id: string;
  eventId: string;
  state: TicketState;
  /** arrival order: the time of joining in microseconds, with a random tiebreak */
  seq: number;
  joinedAt: number;
  /**
   * place in line: taken at the join once the sale is open (from LATE_BASE + 1),
   * given by the ticker's draw in the pre-queue (from 1; null until then)
   */
  place: number | null;
  unplaced: string | null;
  waitKey: string | null;
  admittedAt: number | null;
  token: string | null;
  tokenExpiresAt: number | null;
  lastSeenAt: number;
  /** the ticket's most recent hold, which may have ended since: releases leave the ticket alone */
  latestHoldId: string | null;
  slotEventId: string | null;
  /** the event id once admitted, kept after the slot ends: the gate's counts are rebuilt from it (queue/gateRebuild.ts) */
  admittedIn: string | null;
  endedAt: number | null;
  endReason: EndReason | null;
}

/** completed: bought; left: gave up the place or slot; token_expired and idle: lost the slot; cancelled: the event was; sold_out: every seat was sold while the fan waited */
export type EndReason = 'completed' | 'left' | 'token_expired' | 'idle' | 'cancelled' | 'sold_out';

/** The index key that orders an event's line: fixed-width so strings sort like numbers. */
export function waitKeyOf(eventId: string, place: number): string {
  return `${eventId}~${String(place).padStart(12, '0')}`;
}

/** The states a ticket ends in. */
export type EndState = 'done' | 'expired' | 'cancelled' | 'sold_out';

/** Ends a ticket's place: it no longer waits and no longer occupies a slot. */
export function ended(ticket: TicketRecord, state: EndState, reason: EndReason, now: number): TicketRecord {
  return {
    ...ticket,
    state,
    slotEventId: null,
    waitKey: null,
    unplaced: null,
    latestHoldId: null,
    endedAt: now,
    endReason: reason,
  };
}
