// What organizers send and read (API.md, Organizers): venues, events and
// their sale settings, and the gate of a running sale.
import { Type, type Static, type TInteger, type TNull, type TOptional, type TUnion } from '@sinclair/typebox';
import { CATEGORIES, SectionPlace } from './catalog.js';
import { Count, DateTime, Int, Nullable, OptionalText, StringEnum, Text } from './common.js';

const VenueSection = Type.Object({ name: Text(60), rows: Int(1, 200), seatsPerRow: Int(1, 500), layout: Type.Optional(SectionPlace) });
export type VenueSection = Static<typeof VenueSection>;

export const VenueCreate = Type.Object({
  name: Text(200),
  city: Text(100),
  address: Type.Optional(Nullable(OptionalText(300))),
  sections: Type.Array(VenueSection, { minItems: 1, maxItems: 50, description: 'unique names (any case); 100,000 seats at most' }),
});
export type VenueCreate = Static<typeof VenueCreate>;

export const Venue = Type.Object({
  id: Type.String(),
  name: Type.String(),
  city: Type.String(),
  address: Type.String(),
  sections: Type.Array(
    Type.Object({ name: Type.String(), rows: Type.Integer(), seatsPerRow: Type.Integer(), layout: Type.Optional(SectionPlace) }),
  ),
  createdAt: DateTime(),
});
export type Venue = Static<typeof Venue>;

/** The sale settings of API.md with their limits and defaults. */
export const SETTINGS = {
  holdSeconds: { min: 1, max: 3600, default: 300 },
  maxPerOrder: { min: 1, max: 50, default: 8 },
  offerSeconds: { min: 1, max: 3600, default: 300 },
} as const;
export const WAITING_ROOM_SETTINGS = {
  maxActive: { min: 1, max: 100_000, default: 200 },
  admitPerMinute: { min: 1, max: 1_000_000, default: 600 },
  tokenSeconds: { min: 1, max: 86_400, default: 600 },
  prequeueMinutes: { min: 0, max: 1440, default: 30 },
  checkoutIdleSeconds: { min: 1, max: 3600, default: 120 },
} as const;

type Limits = Record<string, { min: number; max: number; default: number }>;

/** Each setting optional; null too means "the default" (on create) or "unchanged" (on PATCH). */
const settings = <L extends Limits>(limits: L) =>
  Object.fromEntries(
    Object.entries(limits).map(([name, l]) => [name, Type.Optional(Nullable(Int(l.min, l.max, { default: l.default })))]),
  ) as { [K in keyof L]: TOptional<TUnion<[TInteger, TNull]>> };

export const WaitingRoomSettings = Type.Object({
  ...settings(WAITING_ROOM_SETTINGS),
  challenge: Type.Optional(
    Nullable(
      StringEnum(['none', 'proof_of_work'] as const, {
        description: 'proof_of_work: a join needs a solved challenge from GET /queue/challenge (default none)',
      }),
    ),
  ),
});
export type WaitingRoomSettings = Static<typeof WaitingRoomSettings>;

export const EventCreate = Type.Object({
  name: Text(200),
  category: StringEnum(CATEGORIES, { 'x-trim': true, 'x-lowercase': true, description: 'any case' }),
  venueId: Text(100),
  startsAt: DateTime(),
  onSaleAt: DateTime({ description: 'not after startsAt' }),
  description: Type.Optional(Nullable(OptionalText(5000))),
  performers: Type.Optional(Type.Array(Type.String(), { maxItems: 50 })),
  prices: Type.Record(Type.String(), Int(0, 10_000_000), { description: 'cents for every section of the venue, by section name' }),
  ...settings(SETTINGS),
  waitingRoom: Type.Optional(WaitingRoomSettings),
  owner: Type.Optional(Text(200, { description: 'the cluster node to own the event (default: the node that receives the call)' })),
});
export type EventCreate = Static<typeof EventCreate>;

// moving an event to another owner is not a field change (EventMove): the old owner stops first
const { venueId: _venueId, owner: _owner, ...patchable } = EventCreate.properties;
/** Any of the fields of EventCreate but venueId, or {status: "cancelled"}; prices are merged into the current ones. */
export const EventPatch = Type.Partial(Type.Object({ ...patchable, status: Type.Literal('cancelled') }), { additionalProperties: false });
export type EventPatch = Static<typeof EventPatch>;

/** PATCH /events/{eventId} {owner}: moves the event to another node of the cluster. */
export const EventMove = Type.Object(
  {
    owner: Text(200, { description: 'the node to take the event over' }),
    force: Type.Optional(
      Type.Boolean({
        description:
          'move while the owner cannot be reached: what it acknowledged and had not yet replicated may conflict (GET /cluster lists it)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type EventMove = Static<typeof EventMove>;

export const AdmissionState = StringEnum(['not_open', 'open', 'paused', 'no_seats', 'sold_out', 'closed'] as const, {
  description: 'no_seats: every seat is held or sold, so nobody is let in until seats come back; sold_out: every seat is sold',
});
export type AdmissionState = Static<typeof AdmissionState>;

export const Gate = Type.Object({
  eventId: Type.String(),
  waiting: Count(),
  active: Count(),
  maxActive: Count(),
  admitPerMinute: Count(),
  paused: Type.Boolean(),
  admittedTotal: Count(),
  completed: Count(),
  abandoned: Count(),
  medianCheckoutSeconds: Nullable(Type.Number()),
  admitRate: Type.Number({ description: 'admissions per minute, as measured lately' }),
  prequeue: Type.Object({ size: Count(), shuffleSeed: Nullable(Type.String()), shuffledAt: Nullable(DateTime()) }),
  inventory: Type.Object({ available: Count(), held: Count(), sold: Count() }),
  updatedAt: Nullable(DateTime()),
  ticker: Type.Object(
    { lastPassMs: Type.Number(), longestPassMs: Type.Number(), passes: Count() },
    { description: "the owner's admission ticker: its last pass over the events it owns, and its longest since it started" },
  ),
  admission: AdmissionState,
  history: Type.Array(
    Type.Object({
      at: DateTime(),
      waiting: Count(),
      active: Count(),
      admittedPerMinute: Count(),
      soldPerMinute: Count(),
      available: Count(),
    }),
    { description: 'the last 30 minutes, one point per 5 s, oldest first' },
  ),
  forecast: Type.Object(
    { queueClearsInSeconds: Nullable(Count()), sellsOutInSeconds: Nullable(Count()) },
    { description: 'from the measured admission and sales rates; null when nothing measured says' },
  ),
  changes: Type.Array(Type.Object({ at: DateTime(), by: Type.String(), field: Type.String(), from: Type.Unknown(), to: Type.Unknown() }), {
    description: 'the last 50 changes to the event and its gate, newest first',
  }),
});
export type Gate = Static<typeof Gate>;

export const GatePatch = Type.Object(
  {
    admitPerMinute: Type.Optional(Int(WAITING_ROOM_SETTINGS.admitPerMinute.min, WAITING_ROOM_SETTINGS.admitPerMinute.max)),
    maxActive: Type.Optional(Int(WAITING_ROOM_SETTINGS.maxActive.min, WAITING_ROOM_SETTINGS.maxActive.max)),
    // true or false; any other value is refused as unacceptable (422), as the API always has
    paused: Type.Optional(Type.Unsafe<boolean>({ enum: [true, false], description: 'admission stops while true' })),
  },
  { additionalProperties: false },
);
export type GatePatch = Static<typeof GatePatch>;
