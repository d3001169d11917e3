// The pre-queue draw's record (queue/draw.ts runs the draw): its seed is made
// with the event and kept secret until the draw, while its SHA-256, the
// commitment, is public from the start (GET /draws/{eventId}).
import { createHash, randomBytes } from 'node:crypto';

export interface DrawRecord {
  /** the event id */
  id: string;
  /** 32 random bytes as lowercase hex; published only once drawn */
  seed: string;
  commitment: string;
  drawnAt: string | null;
  entrants: number | null;
}

/** The drawn order, DRAW_PAGE entries a record, id "<eventId>~<page>" (from 0). */
export interface DrawPage {
  id: string;
  entries: string[];
}

export const DRAW_PAGE = 10_000;

export const drawPageId = (eventId: string, page: number): string => `${eventId}~${page}`;

/** A new seed: 32 random bytes, as lowercase hex. */
export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

/** What is published before the draw: the hex SHA-256 of the seed's bytes. */
export function commitmentOf(seed: string): string {
  return createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex');
}

/** An event's draw, not drawn yet. */
export function newDraw(eventId: string): DrawRecord {
  const seed = newSeed();
  return { id: eventId, seed, commitment: commitmentOf(seed), drawnAt: null, entrants: null };
}
