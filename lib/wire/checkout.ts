// Holds, orders and the waitlist (API.md, Fans: /holds/, /orders/, /waitlist/).
import { Type, type Static } from '@sinclair/typebox';
import { Cents, Count, DateTime, Int, Nullable, OptionalText, StringEnum, Text } from './common.js';

/** The most seats one request may name, whatever an event's maxPerOrder (itself at most 50). */
const MAX_SEATS_PER_REQUEST = 50;

export const HeldSeat = Type.Object({
  id: Type.String(),
  section: Type.String(),
  row: Type.Integer(),
  number: Type.Integer(),
  price: Cents(),
});
export type HeldSeat = Static<typeof HeldSeat>;

export const HoldBySeats = Type.Object({
  seatIds: Type.Array(Type.String(), { minItems: 1, maxItems: MAX_SEATS_PER_REQUEST, uniqueItems: true }),
});
export type HoldBySeats = Static<typeof HoldBySeats>;

export const HoldBySection = Type.Object({
  section: Text(60),
  quantity: Int(1, MAX_SEATS_PER_REQUEST, { description: "at most the event's maxPerOrder" }),
});
export type HoldBySection = Static<typeof HoldBySection>;

/** Either the seats themselves, or a section and a number of seats (best available, adjacent where possible). */
export const HoldRequest = Type.Union([HoldBySeats, HoldBySection]);
export type HoldRequest = Static<typeof HoldRequest>;

export const HoldStatus = StringEnum(['active', 'confirmed', 'released', 'expired'] as const);
export type HoldStatus = Static<typeof HoldStatus>;

export const Hold = Type.Object({
  holdId: Type.String(),
  eventId: Type.String(),
  status: HoldStatus,
  seats: Type.Array(HeldSeat),
  total: Cents(),
  expiresAt: DateTime(),
});
export type Hold = Static<typeof Hold>;

export const Buyer = Type.Object({ name: Text(200), email: Text(200, { format: 'email' }) });
export type Buyer = Static<typeof Buyer>;

export const OrderCreate = Type.Object({
  holdId: Text(100),
  buyer: Buyer,
  payment: Type.Object({ token: Text(200, { description: 'tok_decline simulates a declined payment' }) }),
});
export type OrderCreate = Static<typeof OrderCreate>;

export const OrderHeaders = Type.Object({
  'Idempotency-Key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'the same key and body again give back the same order' }),
  ),
});
export type OrderHeaders = Static<typeof OrderHeaders>;

export const Order = Type.Object({
  orderId: Type.String(),
  eventId: Type.String(),
  status: StringEnum(['confirmed', 'cancelled'] as const),
  seats: Type.Array(HeldSeat),
  total: Cents(),
  buyer: Type.Object({ name: Type.String(), email: Type.String() }),
  createdAt: DateTime(),
});
export type Order = Static<typeof Order>;

export const WaitlistJoin = Type.Object({
  eventId: Text(100),
  quantity: Int(1, MAX_SEATS_PER_REQUEST, { description: "at most the event's maxPerOrder" }),
  section: Type.Optional(Nullable(OptionalText(60, { description: 'empty or null: any section' }))),
});
export type WaitlistJoin = Static<typeof WaitlistJoin>;

export const EntryState = StringEnum(['waiting', 'offered', 'done', 'left', 'lapsed'] as const);
export type EntryState = Static<typeof EntryState>;

export const WaitlistEntry = Type.Object({
  waitlistId: Type.String({ description: 'a secret: only its holder knows it' }),
  eventId: Type.String(),
  position: Nullable(Type.Integer({ minimum: 1, description: 'null unless waiting' })),
  quantity: Count(),
  section: Nullable(Type.String()),
  state: EntryState,
  offer: Type.Optional(Hold),
});
export type WaitlistEntry = Static<typeof WaitlistEntry>;
