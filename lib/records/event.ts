// An event: what is on, where, when, at which prices, and the settings of its sale.
import type { SectionPlace } from './venue.js';

export interface WaitingRoomSettings {
  maxActive: number;
  admitPerMinute: number;
  tokenSeconds: number;
  prequeueMinutes: number;
  checkoutIdleSeconds: number;
  /** set by organizers through PATCH /gate/{eventId}: admission stops while true */
  paused?: boolean;
  /** "proof_of_work": a join needs a solved challenge (queue/challenge.ts) */
  challenge?: 'none' | 'proof_of_work';
}

/** The organizer-tunable settings of an event. */
export interface EventSettings {
  holdSeconds: number;
  maxPerOrder: number;
  offerSeconds: number;
  waitingRoom: WaitingRoomSettings;
}

export interface ForcedMove {
  from: string | null;
  to: string;
  at: string;
  epoch: number;
}

export interface EventRecord extends EventSettings {
  id: string;
  name: string;
  category: string;
  venueId: string;
  city: string;
  startsAt: string;
  onSaleAt: string;
  description: string;
  performers: string[];
  /** lower-case words of the name and performers, indexed for `q` */
  words: string[];
  prices: Record<string, number>;
  /** section names in venue order */
  sections: string[];
  /** each section's place on the venue's plan, when the venue gave one (fan seat map overview) */
  layouts?: Record<string, SectionPlace>;
  cancelled: boolean;
  /** the cluster node that carries out every change to the event's seats, holds, orders, queue and waitlist */
  owner?: string;
  /** how many times the event has changed owner: a change checks, under its lock, that its node still owns the event */
  ownerEpoch?: number;
  ownerSince?: string;
  /** moves made while the old owner could not be reached: its late changes may conflict (checkout/seatConflicts.ts) */
  forcedMoves?: ForcedMove[];
  createdAt: string;
  updatedAt: string;
}
