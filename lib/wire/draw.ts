// GET /draws/{eventId}: the pre-queue draw anyone can check (docs/draw.md).
import { Type, type Static } from '@sinclair/typebox';
import { Count, DateTime } from './common.js';

const Hex64 = (description: string) => Type.String({ pattern: '^[0-9a-f]{64}$', description });

export const DrawView = Type.Object({
  eventId: Type.String(),
  drawsAt: DateTime({ description: 'when the sale opens and the pre-queue is drawn' }),
  commitment: Type.Union([Hex64("SHA-256 of the seed, public from the event's creation"), Type.Null()]),
  drawnAt: Type.Optional(DateTime()),
  seed: Type.Optional(Hex64('the 32-byte seed, published once drawn')),
  entrants: Type.Optional(Count()),
  order: Type.Optional(Type.Array(Hex64('SHA-256 of a pre-queue ticket id'), { description: 'in drawn order, paged' })),
  offset: Type.Optional(Count()),
  limit: Type.Optional(Count()),
});
export type DrawView = Static<typeof DrawView>;

export const DrawQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 10_000 })),
  offset: Type.Optional(Count()),
});
