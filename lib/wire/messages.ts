// Real-time messages (API.md, Real time): notifications/{ticketId|waitlistId}
// and availability/{eventId}, the same JSON over MQTT, WebSocket and SSE.
import { Type, type Static } from '@sinclair/typebox';
import { SectionCounts } from './catalog.js';
import { HeldSeat } from './checkout.js';
import { Cents, Count, DateTime, Nullable } from './common.js';

const PositionMessage = Type.Object({
  type: Type.Literal('position'),
  position: Nullable(Type.Integer({ minimum: 1 })),
  ahead: Nullable(Count()),
  etaSeconds: Nullable(Count()),
  etaRange: Type.Optional(Nullable(Type.Tuple([Count(), Count()]))),
  drawn: Type.Optional(Type.Literal(true)),
  opensAt: Type.Optional(DateTime()),
});

const AdmittedMessage = Type.Object({ type: Type.Literal('admitted'), token: Type.String(), tokenExpiresAt: DateTime() });

/** Seats held for a waitlisted fan until expiresAt. */
export const Offer = Type.Object({ holdId: Type.String(), seats: Type.Array(HeldSeat), total: Cents(), expiresAt: DateTime() });
export type Offer = Static<typeof Offer>;

export const OfferMessage = Type.Composite([Type.Object({ type: Type.Literal('offer') }), Offer]);
const ExpiredMessage = Type.Object({ type: Type.Literal('expired') });
/** The ticket is finished (bought or left): sent as the current state to a late subscriber. */
const DoneMessage = Type.Object({ type: Type.Literal('done') });
/** The event was cancelled: nobody waits or buys any more. */
const CancelledMessage = Type.Object({ type: Type.Literal('cancelled') });

/** Every seat was sold while the fan waited: the line is over, the waitlist open. */
const SoldOutMessage = Type.Object({ type: Type.Literal('sold_out'), waitlist: Type.Boolean() });

export const Notification = Type.Union([
  PositionMessage,
  AdmittedMessage,
  OfferMessage,
  ExpiredMessage,
  DoneMessage,
  CancelledMessage,
  SoldOutMessage,
]);
export type Notification = Static<typeof Notification>;

export const AvailabilityMessage = Type.Object({ eventId: Type.String(), sections: Type.Array(SectionCounts) });
export type AvailabilityMessage = Static<typeof AvailabilityMessage>;
