// GET /openapi.json: the API of API.md v1 as an OpenAPI 3.1 document, built
// from the same schemas that check requests (lib/wire), and served to anyone.
// (Harper's own GET /openapi describes its table exports, for super users only.)
import type { TSchema } from '@sinclair/typebox';
import { Resource } from '../lib/harper.js';
import { EventDetail, EventList, EventListQuery, EventSummary, SeatMap } from '../lib/wire/catalog.js';
import { Hold, HoldRequest, OrderCreate, OrderHeaders, Order, WaitlistEntry, WaitlistJoin } from '../lib/wire/checkout.js';
import { ErrorBody } from '../lib/wire/common.js';
import { AvailabilityMessage, Notification } from '../lib/wire/messages.js';
import { EventCreate, EventPatch, Gate, GatePatch, Venue, VenueCreate } from '../lib/wire/organizer.js';
import { QueueJoin, QueueTicket } from '../lib/wire/queue.js';

/** Schemas published under components/schemas and referred to by name. */
const NAMED: Record<string, TSchema> = {
  Error: ErrorBody,
  EventSummary,
  EventDetail,
  EventList,
  SeatMap,
  QueueJoin,
  QueueTicket,
  HoldRequest,
  Hold,
  OrderCreate,
  Order,
  WaitlistJoin,
  WaitlistEntry,
  VenueCreate,
  Venue,
  EventCreate,
  EventPatch,
  Gate,
  GatePatch,
  Notification,
  AvailabilityMessage,
};
const NAMES = new Map(Object.entries(NAMED).map(([name, schema]) => [schema, name]));

const ref = (schema: TSchema): object => {
  const name = NAMES.get(schema);
  return name ? { $ref: `#/components/schemas/${name}` } : schema;
};
const json = (schema: TSchema) => ({ 'application/json': { schema: ref(schema) } });

const ERRORS: Record<number, string> = {
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
  503: 'busy: the records are changing right now; try again (Retry-After)',
};

const header = (description: string, schema: object = { type: 'string' }) => ({ description, schema });
const CACHED = {
  ETag: header('the version of the answer, for If-None-Match'),
  'Cache-Control': header('how long a browser or CDN may reuse the answer'),
};

interface Answer {
  description: string;
  schema?: TSchema;
  headers?: Record<string, object>;
}

interface Operation {
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
const ORGANIZER_ERRORS = { 401: 'unauthorized: organizer credentials needed (Basic auth or a Harper token)', 403: 'forbidden: not an organizer' } as const;

/** Every path and method of API.md v1. */
const PATHS: Record<string, Record<string, Operation>> = {
  '/events/': {
    get: {
      summary: 'Events by startsAt, filtered and paged (cached: ETag and 304)',
      query: EventListQuery,
      cached: true,
      ok: { 200: { description: 'a page of events', schema: EventList, headers: CACHED } },
      errors: { 400: true, 422: true },
    },
    post: {
      summary: "Create an event: every seat of the venue becomes sellable inventory",
      organizer: true,
      body: EventCreate,
      ok: { 201: { description: 'the event', schema: EventDetail } },
      errors: { ...BODY_ERRORS, 422: 'invalid, including an unknown venueId, a price missing for a section, or onSaleAt after startsAt' },
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
      summary: 'Change any field of the event, or cancel it with {status: "cancelled"}',
      organizer: true,
      body: EventPatch,
      ok: { 200: { description: 'the event as changed', schema: EventDetail } },
      errors: { ...BODY_ERRORS, 404: true, 422: 'invalid, including fields that cannot be changed (listed in `fields`)', 503: true },
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
      errors: { ...BODY_ERRORS, 404: 'not_found: unknown event', 409: 'not_on_sale (queue not open yet: see opensAt; or the event is cancelled or over) or sold_out (see waitlist)', 503: true },
    },
  },
  '/queue/{ticketId}': {
    get: { summary: 'Read a queue ticket (the id is a secret)', ok: { 200: { description: 'the ticket', schema: QueueTicket } }, errors: { 404: true } },
    delete: { summary: 'Leave the queue, or give the checkout slot back', ok: { 204: { description: 'left' } }, errors: { 404: true, 503: true } },
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
      errors: { ...BODY_ERRORS, 404: 'not_found: unknown event', 409: 'seats_available (join the queue instead) or not_on_sale', 503: true },
    },
  },
  '/waitlist/{waitlistId}': {
    get: { summary: 'Read a waitlist entry (the id is a secret)', ok: { 200: { description: 'the entry', schema: WaitlistEntry } }, errors: { 404: true } },
    delete: { summary: 'Leave the waitlist (an open offer is released)', ok: { 204: { description: 'left' } }, errors: { 404: true, 503: true } },
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

function parametersOf(path: string, operation: Operation): object[] {
  const parameters: object[] = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const query = operation.query as (TSchema & { properties?: Record<string, TSchema> }) | undefined;
  for (const [name, schema] of Object.entries(query?.properties ?? {})) {
    parameters.push({ name, in: 'query', required: (query?.required ?? []).includes(name), schema });
  }
  parameters.push(...(operation.headers ?? []));
  if (operation.cached) {
    parameters.push({ name: 'If-None-Match', in: 'header', required: false, description: 'an ETag from an earlier answer: 304 when unchanged', schema: { type: 'string' } });
  }
  return parameters;
}

function responsesOf(operation: Operation): Record<string, object> {
  const responses: Record<string, object> = {};
  for (const [status, answer] of Object.entries(operation.ok)) {
    responses[status] = { description: answer.description, ...(answer.headers ? { headers: answer.headers } : {}), ...(answer.schema ? { content: json(answer.schema) } : {}) };
  }
  if (operation.cached) responses['304'] = { description: 'not modified (If-None-Match matched the ETag)', headers: CACHED };
  const organizer: Record<number, string | true> = operation.organizer ? ORGANIZER_ERRORS : {};
  const errors: Record<number, string | true> = { ...organizer, ...operation.errors, 500: true };
  for (const [status, text] of Object.entries(errors)) {
    const code = Number(status);
    const headers =
      code === 503 ? { 'Retry-After': header('seconds to wait', { type: 'integer' }) }
      : code === 401 && operation.organizer ? { 'WWW-Authenticate': header('Basic realm="organizer"') }
      : undefined;
    responses[status] = { description: text === true ? ERRORS[code] : text, ...(headers ? { headers } : {}), content: json(ErrorBody) };
  }
  return responses;
}

/** The document: plain JSON (TypeBox's symbols dropped). */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, object>> = {};
  for (const [path, operations] of Object.entries(PATHS)) {
    paths[path] = {};
    for (const [method, operation] of Object.entries(operations)) {
      paths[path][method] = {
        operationId: `${method}${path.replace(/\{(\w)(\w*)\}/g, (_, a: string, b: string) => `By${a.toUpperCase()}${b}`).replace(/\/(\w)/g, (_, c: string) => c.toUpperCase()).replace(/\//g, '')}`,
        summary: operation.summary,
        tags: [operation.organizer ? 'organizers' : 'fans'],
        ...(operation.organizer ? { security: [{ basicAuth: [] }, { harperToken: [] }] } : {}),
        parameters: parametersOf(path, operation),
        ...(operation.body ? { requestBody: { required: true, content: json(operation.body) } } : {}),
        responses: responsesOf(operation),
      };
    }
  }
  paths['/openapi.json'] = {
    get: {
      operationId: 'getOpenApi',
      summary: 'This document',
      tags: ['fans'],
      parameters: [],
      responses: { 200: { description: 'the OpenAPI document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
  const document = {
    openapi: '3.1.0',
    info: {
      title: 'Fair ticketing',
      version: '1.0.0',
      description:
        'The public contract, v1 (docs/api.md): JSON in and out, times ISO-8601 in UTC, money in integer cents. ' +
        'Every 4xx/5xx answer has the body {error, message} and, where useful, more fields. ' +
        'Real-time messages (MQTT on port 1883, MQTT over WebSocket and SSE on this port) are described under x-topics.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'fans', description: 'anonymous; secret ids (ticket, hold, order, waitlist entry) are the only key' },
      { name: 'organizers', description: 'Harper users: super_user, or the role organizer' },
    ],
    paths,
    components: {
      schemas: NAMED,
      securitySchemes: {
        basicAuth: { type: 'http', scheme: 'basic', description: 'a Harper user (admin / password on a development install)' },
        harperToken: { type: 'http', scheme: 'bearer', description: 'a Harper operation token' },
      },
    },
    'x-topics': {
      'notifications/{ticketId}': { description: 'whoever knows the secret id; wildcards for organizers only', message: ref(Notification) },
      'notifications/{waitlistId}': { description: 'whoever knows the secret id', message: ref(Notification) },
      'availability/{eventId}': { description: 'anyone; after inventory changes, at most 4 a second', message: ref(AvailabilityMessage) },
    },
  };
  return JSON.parse(JSON.stringify(document));
}

let bytes: Buffer | undefined;

export class OpenApiResource extends Resource {
  static loadAsInstance = false;

  get(target: { id?: unknown }) {
    if (target?.id !== undefined && target.id !== null && target.id !== '') {
      return { status: 404, headers: {}, data: { error: 'not_found', message: 'The OpenAPI document is at /openapi.json.' } };
    }
    bytes ??= Buffer.from(JSON.stringify(openApiDocument()));
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=60' },
      body: bytes,
    };
  }
}
