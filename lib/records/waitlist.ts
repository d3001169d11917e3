// A fan on a sold-out event's waitlist, and the index key that keeps the list in order.

export type EntryState = 'waiting' | 'offered' | 'done' | 'left' | 'lapsed';

export interface WaitlistEntry {
  id: string;
  eventId: string;
  quantity: number;
  section: string | null;
  state: EntryState;
  seq: number;
  /** set while waiting: orders an event's list (waitlistKeyOf) */
  waitKey: string | null;
  holdId: string | null;
  joinedAt: number;
  offeredAt: number | null;
  endedAt: number | null;
}

/** The index key of a waiting entry: fixed-width so strings sort like numbers. */
export const waitlistKeyOf = (eventId: string, seq: number) => `${eventId}~${String(seq).padStart(20, '0')}`;

/** Every waiting entry of an event has a waitKey starting with this. */
export const waitlistPrefixOf = (eventId: string) => `${eventId}~`;
