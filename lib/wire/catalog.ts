// What fans browse (API.md, Fans): the event listing and its query, an
// event's page, and the seat map.
import { Type, type Static } from '@sinclair/typebox';
import { Cents, Count, DateTime, Int, Nullable, StringEnum } from './common.js';

export const CATEGORIES = ['music', 'sports', 'comedy', 'theater', 'family'] as const;
export type Category = (typeof CATEGORIES)[number];

const EVENT_STATUSES = ['scheduled', 'on_sale', 'sold_out', 'cancelled', 'past'] as const;
export const EventStatus = StringEnum(EVENT_STATUSES);
export type EventStatus = Static<typeof EventStatus>;

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
export const MAX_OFFSET = 100_000;

/** GET /events/ query values: each is trimmed, and an empty value counts as absent. */
export const EventListQuery = Type.Object({
  category: Type.Optional(StringEnum(CATEGORIES, { 'x-lowercase': true, description: 'any case' })),
  venue: Type.Optional(Type.String({ maxLength: 200, description: 'a venue id' })),
  city: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(
    Type.String({ maxLength: 200, description: 'startsAt from (inclusive): an ISO-8601 date or date-time; default now' }),
  ),
  to: Type.Optional(
    Type.String({ maxLength: 200, description: 'startsAt up to (inclusive): an ISO-8601 date (the whole day) or date-time' }),
  ),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'words (1 to 10) that must all be in the name or performers' })),
  limit: Type.Optional(Int(1, MAX_LIMIT, { default: DEFAULT_LIMIT })),
  offset: Type.Optional(Int(0, MAX_OFFSET, { default: 0 })),
});
export type EventListQuery = Static<typeof EventListQuery>;

export const EventSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  category: Type.String({ description: CATEGORIES.join(', ') }),
  venue: Type.Object({ id: Type.String(), name: Type.String(), city: Type.String() }),
  startsAt: DateTime(),
  onSaleAt: DateTime(),
  status: EventStatus,
  minPrice: Cents(),
  available: Count(),
});
export type EventSummary = Static<typeof EventSummary>;

export const EventList = Type.Object({
  items: Type.Array(EventSummary),
  total: Count(),
  limit: Int(1, MAX_LIMIT),
  offset: Count(),
});
export type EventList = Static<typeof EventList>;

export const SectionCounts = Type.Object({ name: Type.String(), available: Count(), held: Count(), sold: Count() });
export type SectionCounts = Static<typeof SectionCounts>;

export const EventDetail = Type.Composite([
  EventSummary,
  Type.Object({
    description: Type.String(),
    performers: Type.Array(Type.String()),
    sections: Type.Array(Type.Composite([SectionCounts, Type.Object({ total: Count(), price: Cents() })])),
    waitingRoom: Type.Object({
      open: Type.Boolean(),
      waiting: Count(),
      active: Count(),
      maxActive: Count(),
      challenge: StringEnum(['none', 'proof_of_work'] as const, {
        description: 'proof_of_work: solve GET /queue/challenge before joining',
      }),
    }),
    waitlist: Type.Object({ open: Type.Boolean({ description: 'true while the event is sold out' }), length: Count() }),
    owner: Nullable(Type.String({ description: 'the cluster node that carries out changes to this event' })),
  }),
]);
export type EventDetail = Static<typeof EventDetail>;

export const SeatStatus = StringEnum(['available', 'held', 'sold'] as const);
export type SeatStatus = Static<typeof SeatStatus>;

const Percent = (min: number) => Type.Number({ minimum: min, maximum: 100 });
export const SectionPlace = Type.Object(
  { x: Percent(0), y: Percent(0), width: Percent(1), height: Percent(1) },
  {
    additionalProperties: false,
    description:
      "the section's block on the venue's plan, in percent of the plan's width (x, width) and depth (y, height); the stage is the top edge",
  },
);

export const SeatMap = Type.Object({
  eventId: Type.String(),
  sections: Type.Array(
    Type.Object({
      name: Type.String(),
      price: Cents(),
      layout: Type.Optional(SectionPlace),
      rows: Type.Array(
        Type.Object({
          row: Type.Integer(),
          seats: Type.Array(Type.Object({ id: Type.String(), number: Type.Integer(), status: SeatStatus })),
        }),
      ),
    }),
  ),
});
export type SeatMap = Static<typeof SeatMap>;
