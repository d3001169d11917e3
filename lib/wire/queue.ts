// The waiting room (API.md, Fans: /queue/).
import { Type, type Static } from '@sinclair/typebox';
import { Count, DateTime, Nullable, StringEnum, Text } from './common.js';

export const QueueJoin = Type.Object({
  eventId: Text(100),
  challenge: Type.Optional(
    Nullable(Text(4000, { description: "the solved challenge (altcha payload), when the event's waiting room asks for one" })),
  ),
  fanKey: Type.Optional(
    Nullable(
      Text(128, {
        minLength: 16,
        description: 'a random value the browser keeps, 16 to 128 characters: the same key gets its existing ticket back',
      }),
    ),
  ),
});
export type QueueJoin = Static<typeof QueueJoin>;

export const TicketState = StringEnum(['waiting', 'admitted', 'done', 'expired', 'cancelled', 'sold_out'] as const, {
  description:
    'done: bought or left; expired: the token ran out or the slot was idle too long; cancelled: the event was cancelled; sold_out: every seat was sold while the fan waited (the waitlist is open)',
});
export type TicketState = Static<typeof TicketState>;

export const QueueTicket = Type.Object({
  ticketId: Type.String({ description: 'a secret: only its holder knows it' }),
  eventId: Type.String(),
  state: TicketState,
  position: Nullable(Type.Integer({ minimum: 1, description: 'null in the pre-queue and once admitted or ended' })),
  ahead: Nullable(Count()),
  etaSeconds: Nullable(Count()),
  drawn: Type.Optional(Type.Literal(true, { description: "the place was given by the pre-queue's draw (GET /draws/{eventId})" })),
  etaRange: Nullable(
    Type.Tuple([Count(), Count()], { description: 'the wait as a range, shortest to longest, from the measured admission rate' }),
  ),
  opensAt: Type.Optional(DateTime({ description: 'pre-queue only: when places are drawn' })),
  token: Type.Optional(Type.String({ description: 'once admitted: send it as the Admission-Token header' })),
  tokenExpiresAt: Type.Optional(DateTime()),
});
export type QueueTicket = Static<typeof QueueTicket>;

export const QueueChallenge = Type.Object(
  {
    algorithm: Type.String(),
    challenge: Type.String(),
    maxnumber: Type.Integer(),
    salt: Type.String({ description: 'carries the event id and the expiry' }),
    signature: Type.String(),
  },
  {
    description:
      "an ALTCHA (v1) proof-of-work challenge: find the number n up to maxnumber whose SHA-256 of salt + n is challenge; send base64 of JSON {algorithm, challenge, number, salt, signature} as the join's challenge",
  },
);
export type QueueChallenge = Static<typeof QueueChallenge>;
