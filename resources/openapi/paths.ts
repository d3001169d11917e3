// Every path and method of API.md v1 as OpenAPI operations: what each takes,
// answers and refuses, with the schemas of lib/wire (resources/openapi/document.ts
// turns them into the document).
import type { TSchema } from '@sinclair/typebox';
import { EventDetail, EventList, EventListQuery, SeatMap } from '../../lib/wire/catalog.js';
import { Hold, HoldRequest, Order, OrderCreate, OrderHeaders, WaitlistEntry, WaitlistJoin } from '../../lib/wire/checkout.js';
import { EventCreate, EventMove, EventPatch, Gate, GatePatch, Venue, VenueCreate } from '../../lib/wire/organizer.js';
import { ClusterView } from '../../lib/wire/cluster.js';
import { DrawQuery, DrawView } from '../../lib/wire/draw.js';
import { Type } from '@sinclair/typebox';
import { QueueChallenge, QueueJoin, QueueTicket } from '../../lib/wire/queue.js';

export const ERRORS: Record<number, string> = {
  400: 'bad_request: malformed JSON, wrong types or a missing field',
  401: 'missing, invalid or expired credentials or admission token',
  402: 'payment_declined',
  403: 'authenticated but not allowed',
  404: 'not_found: unknown id',
  409: 'state conflict',
  410: 'gone (expired)',
  413: 'body_too_large: over 64 KiB',
  422: 'invalid: well-formed but unacceptable values',
  500: 'internal: something went wrong on our side',
  503: 'busy: the records are changing right now; or owner_unavailable: the node that owns the event cannot be reached or the event is moving; try again (Retry-After)',
};

export const header = (description: string, schema: object = { type: 'string' }) => ({ description, schema });
export const CACHED = {
  ETag: header('the version of the answer, for If-None-Match'),
  'Cache-Control': header('how long a browser or CDN may reuse the answer'),
};

export interface Answer {
  description: string;
  schema?: TSchema;
  headers?: Record<string, object>;
}

export interface Operation {
  summary: string;
  organizer?: boolean;
  query?: TSchema;
  headers?: object[];
  body?: TSchema;
  ok: Record<number, Answer>;
  /** error statuses, with a description where the general one says too little */
  errors: Record<number, string | true>;
  cached?: boolean;
}

const ADMISSION_TOKEN = {
  name: 'Admission-Token',
  in: 'header',
  required: true,
  description: 'the token of an admitted queue ticket (QueueTicket.token)',
  schema: { type: 'string' },
};

/** Header parameters from an object schema of headers. */
const headersOf = (schema: TSchema) =>
  Object.entries(schema.properties as Record<string, TSchema>).map(([name, property]) => ({
    name,
    in: 'header',
    required: (schema.required ?? []).includes(name),
    description: property.description,
    schema: property,
  }));

const BODY_ERRORS = { 400: true, 413: true, 422: true } as const;
export const ORGANIZER_ERRORS = {
  401: 'unauthorized: organizer credentials needed (Basic auth or a Harper token)',
  403: 'forbidden: not an organizer',
} as const;

/** Every path and method of API.md v1. */
export const PATHS: Record<string, Record<string, Operation>> = {
  '/events/': {
    get: {
      summary: 'Events by startsAt, filtered and paged (cached: ETag and 304)',
      query: EventListQuery,
      cached: true,
      ok: { 200: { description: 'a page of events', schema: EventList, headers: CACHED } },
      errors: { 400: true, 422: true },
    },
    post: {
      summary: 'Create an event: every seat of the venue becomes sellable inventory',
      organizer: true,
      body: EventCreate,
      ok: { 201: { description: 'the event', schema: EventDetail } },
      errors: { ...BODY_ERRORS, 422: 'invalid, including an unknown venueId, a price missing for a section, or onSaleAt after startsAt' },
    },
  },
  '/draws/{eventId}': {
    get: {
      summary: "The pre-queue draw: its seed's SHA-256 before, the seed and the drawn order (hashes of ticket ids, paged) after",
      query: DrawQuery,
      ok: { 200: { description: 'the draw', schema: DrawView } },
      errors: { 404: true, 422: true },
    },
  },
  '/events/{eventId}': {
    get: {
      summary: "An event's page: sections with prices and counts, waiting room, waitlist (cached: ETag and 304)",
      cached: true,
      ok: { 200: { description: 'the event', schema: EventDetail, headers: CACHED } },
      errors: { 404: true },
    },
    patch: {
      summary:
        'Change any field of the event, or cancel it with {status: "cancelled"}; or move it to another cluster node with {owner[, force]}',
      organizer: true,
      body: Type.Union([EventPatch, EventMove]),
      ok: { 200: { description: 'the event as changed (a move answers once the new owner takes changes)', schema: EventDetail } },
      errors: {
        ...BODY_ERRORS,
        404: true,
        409: 'node_unavailable: the new owner is not connected; owner_reachable: a forced move while the owner can be reached',
        422: 'invalid, including fields that cannot be changed (listed in `fields`)',
        503: true,
      },
    },
  },
  '/seatmap/{eventId}': {
    get: {
      summary: 'Every seat of the event with its status, by section and row (cached: ETag and 304)',
      query: { type: 'object', properties: { section: { type: 'string', description: 'one section only' } } } as unknown as TSchema,
      cached: true,
      ok: { 200: { description: 'the seat map', schema: SeatMap, headers: CACHED } },
      errors: { 404: true, 422: 'invalid: the event has no such section' },
    },
  },
  '/queue/': {
    post: {
      summary: "Join the event's waiting room",
      body: QueueJoin,
      ok: {
        201: { description: 'a new ticket', schema: QueueTicket },
        200: { description: 'the existing ticket of this fanKey', schema: QueueTicket },
      },
      errors: {
        ...BODY_ERRORS,
        403: 'challenge_failed: the waiting room asks for a solved challenge (missing, wrong, expired, reused or for another event)',
        404: 'not_found: unknown event',
        409: 'not_on_sale (queue not open yet: see opensAt; or the event is cancelled or over) or sold_out (see waitlist)',
        503: true,
      },
    },
  },
  '/queue/challenge': {
    get: {
      summary: 'A proof-of-work challenge for a join to an event whose waiting room asks for one (waitingRoom.challenge)',
      query: { type: 'object', required: ['eventId'], properties: { eventId: { type: 'string' } } } as unknown as TSchema,
      ok: { 200: { description: 'the challenge', schema: QueueChallenge } },
      errors: { 404: true, 422: 'invalid: no eventId' },
    },
  },
  '/queue/{ticketId}': {
    get: {
      summary: 'Read a queue ticket (the id is a secret)',
      ok: { 200: { description: 'the ticket', schema: QueueTicket } },
      errors: { 404: true },
    },
    delete: {
      summary: 'Leave the queue, or give the checkout slot back',
      ok: { 204: { description: 'left' } },
      errors: { 404: true, 503: true },
    },
  },
  '/holds/': {
    post: {
      summary: 'Hold seats, all or nothing: the seats named, or the best available in a section',
      headers: [ADMISSION_TOKEN],
      body: HoldRequest,
      ok: { 201: { description: 'the hold', schema: Hold } },
      errors: {
        ...BODY_ERRORS,
        401: 'token_missing, token_invalid, token_expired or token_revoked',
        403: 'wrong_event: the token is for another event',
        404: 'not_found: the event is gone',
        409: 'seats_unavailable, with conflicts: [seatId]',
        422: 'invalid: empty, duplicate, over maxPerOrder, an unknown seat or section, or a second active hold for the same ticket',
        503: true,
      },
    },
  },
  '/holds/{holdId}': {
    get: { summary: 'Read a hold', ok: { 200: { description: 'the hold', schema: Hold } }, errors: { 404: true } },
    delete: {
      summary: 'Release the seats at once',
      ok: { 204: { description: 'released' } },
      errors: { 404: true, 409: 'hold_confirmed: the seats are bought (cancel the order instead)', 503: true },
    },
  },
  '/orders/': {
    post: {
      summary: 'Buy the seats of a hold (payment token tok_decline simulates a decline)',
      headers: headersOf(OrderHeaders),
      body: OrderCreate,
      ok: {
        201: { description: 'the order', schema: Order },
        200: { description: 'the same Idempotency-Key and body again: the same order', schema: Order },
      },
      errors: {
        ...BODY_ERRORS,
        402: true,
        404: 'not_found: unknown hold',
        409: 'hold_not_active',
        410: 'hold_expired',
        422: 'invalid, including the same Idempotency-Key with another body',
        503: true,
      },
    },
  },
  '/orders/{orderId}': {
    get: { summary: 'Read an order', ok: { 200: { description: 'the order', schema: Order } }, errors: { 404: true } },
    delete: {
      summary: 'Cancel the order: its seats return to sale and to the waitlist',
      ok: { 200: { description: 'the order with status cancelled', schema: Order } },
      errors: { 404: true, 503: true },
    },
  },
  '/waitlist/': {
    post: {
      summary: 'Join the waitlist of a sold-out event',
      body: WaitlistJoin,
      ok: { 201: { description: 'the waitlist entry', schema: WaitlistEntry } },
      errors: {
        ...BODY_ERRORS,
        404: 'not_found: unknown event',
        409: 'seats_available (join the queue instead) or not_on_sale',
        503: true,
      },
    },
  },
  '/waitlist/{waitlistId}': {
    get: {
      summary: 'Read a waitlist entry (the id is a secret)',
      ok: { 200: { description: 'the entry', schema: WaitlistEntry } },
      errors: { 404: true },
    },
    delete: {
      summary: 'Leave the waitlist (an open offer is released)',
      ok: { 204: { description: 'left' } },
      errors: { 404: true, 503: true },
    },
  },
  '/venues/': {
    post: {
      summary: 'Create a venue: named sections of rows x seats',
      organizer: true,
      body: VenueCreate,
      ok: { 201: { description: 'the venue', schema: Venue } },
      errors: { ...BODY_ERRORS, 422: 'invalid, including section names that repeat or over 100,000 seats' },
    },
  },
  '/cluster': {
    get: {
      summary: 'This node, every node with its connection and replication round trip, events owned per node, conflicts found',
      organizer: true,
      ok: { 200: { description: 'the cluster as this node sees it', schema: ClusterView } },
      errors: {},
    },
  },
  '/gate/{eventId}': {
    get: {
      summary: "The on-sale gate's live figures",
      organizer: true,
      ok: { 200: { description: 'the gate', schema: Gate } },
      errors: { 404: true },
    },
    patch: {
      summary: 'Change the admission rate or cap, or pause admission; effective within one second',
      organizer: true,
      body: GatePatch,
      ok: { 200: { description: 'the new gate', schema: Gate } },
      errors: { ...BODY_ERRORS, 404: true, 422: 'invalid, including fields that cannot be changed here (listed in `fields`)', 503: true },
    },
  },
};
