// GET /openapi.json: the API of API.md v1 as an OpenAPI 3.1 document, built
// from the same schemas that check requests (lib/wire), and served to anyone.
// (Harper's own GET /openapi describes its table exports, for super users only.)
import type { TSchema } from '@sinclair/typebox';
import { nodeName, Resource } from '../../lib/harper.js';
import { EventDetail, EventList, EventSummary, SeatMap } from '../../lib/wire/catalog.js';
import { Hold, HoldRequest, OrderCreate, Order, WaitlistEntry, WaitlistJoin } from '../../lib/wire/checkout.js';
import { ErrorBody } from '../../lib/wire/common.js';
import { AvailabilityMessage, Notification } from '../../lib/wire/messages.js';
import { EventCreate, EventMove, EventPatch, Gate, GatePatch, Venue, VenueCreate } from '../../lib/wire/organizer.js';
import { ClusterView } from '../../lib/wire/cluster.js';
import { QueueJoin, QueueTicket } from '../../lib/wire/queue.js';

import { CACHED, ERRORS, header, ORGANIZER_ERRORS, PATHS, type Operation } from './paths.js';

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
  EventMove,
  Gate,
  GatePatch,
  Notification,
  AvailabilityMessage,
  ClusterView,
};
const NAMES = new Map(Object.entries(NAMED).map(([name, schema]) => [schema, name]));

const ref = (schema: TSchema): object => {
  const name = NAMES.get(schema);
  return name ? { $ref: `#/components/schemas/${name}` } : schema;
};
const json = (schema: TSchema) => ({ 'application/json': { schema: ref(schema) } });

function parametersOf(path: string, operation: Operation): object[] {
  const parameters: object[] = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = operation.query as (TSchema & { properties?: Record<string, TSchema> }) | undefined;
  for (const [name, schema] of Object.entries(query?.properties ?? {})) {
    parameters.push({ name, in: 'query', required: (query?.required ?? []).includes(name), schema });
  }
  parameters.push(...(operation.headers ?? []));
  if (operation.cached) {
    parameters.push({
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'an ETag from an earlier answer: 304 when unchanged',
      schema: { type: 'string' },
    });
  }
  return parameters;
}

function responsesOf(operation: Operation): Record<string, object> {
  const responses: Record<string, object> = {};
  for (const [status, answer] of Object.entries(operation.ok)) {
    responses[status] = {
      description: answer.description,
      ...(answer.headers ? { headers: answer.headers } : {}),
      ...(answer.schema ? { content: json(answer.schema) } : {}),
    };
  }
  if (operation.cached) responses['304'] = { description: 'not modified (If-None-Match matched the ETag)', headers: CACHED };
  const organizer: Record<number, string | true> = operation.organizer ? ORGANIZER_ERRORS : {};
  const errors: Record<number, string | true> = { ...organizer, ...operation.errors, 500: true };
  for (const [status, text] of Object.entries(errors)) {
    const code = Number(status);
    const headers =
      code === 503
        ? { 'Retry-After': header('seconds to wait', { type: 'integer' }) }
        : code === 401 && operation.organizer
          ? { 'WWW-Authenticate': header('Basic realm="organizer"') }
          : undefined;
    responses[status] = { description: text === true ? ERRORS[code] : text, ...(headers ? { headers } : {}), content: json(ErrorBody) };
  }
  return responses;
}

/** The document: plain JSON (TypeBox's symbols dropped). */
function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, object>> = {};
  for (const [path, operations] of Object.entries(PATHS)) {
    paths[path] = {};
    for (const [method, operation] of Object.entries(operations)) {
      paths[path][method] = {
        operationId: `${method}${path
          .replace(/\{(\w)(\w*)\}/g, (_, a: string, b: string) => `By${a.toUpperCase()}${b}`)
          .replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())
          .replace(/\//g, '')}`,
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
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=60', 'Served-By': nodeName() },
      body: bytes,
    };
  }
}
