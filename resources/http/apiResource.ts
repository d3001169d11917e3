// What every endpoint shares: JSON bodies that may be malformed or too big,
// organizer checks, and the one place an ApiError becomes an HTTP answer.
import { Resource, logger, nodeName } from '../../lib/harper.js';
import { ApiError, badRequest } from '../../lib/errors.js';
import { forward, isHop, movedTo, ownerElsewhere } from './forward.js';
import { limit, type LimitName } from './rateLimits.js';
import { bodyTooLarge, MAX_BODY_BYTES } from './bodyLimit.js';
import { type Reply, reply } from './reply.js';
import { type RequestUser, requireOrganizer } from './organizer.js';

const UNREADABLE = Symbol('unreadable body');
/** application/json, or a +json type, with or without parameters */
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

export interface RequestContext {
  user?: RequestUser;
  method: string;
  /** the path and query of the request */
  url: string;
  headers: { get(name: string): string | undefined };
}

/**
 * Harper parses a body lazily and turns a parse failure into a 500 with a text
 * body; marking the failure lets the endpoint answer 400 in our JSON shape.
 */
function guardBody(data: unknown): unknown {
  if (data && typeof (data as Promise<unknown>).then === 'function') {
    return (data as Promise<unknown>).then(
      (value) => value,
      () => UNREADABLE,
    );
  }
  return data;
}

export class ApiResource extends Resource {
  static loadAsInstance = false;

  static post(target: unknown, data: unknown, context: unknown) {
    return super.post(target, guardBody(data), context);
  }
  static put(target: unknown, data: unknown, context: unknown) {
    return super.put(target, guardBody(data), context);
  }
  static patch(target: unknown, data: unknown, context: unknown) {
    return super.patch(target, guardBody(data), context);
  }

  /** MQTT: only the topics of API.md (notifications/, availability/) take subscribers; an endpoint is not one. */
  subscribe(): never {
    throw new ApiError(404, 'not_found', 'No such topic: subscribe to notifications/{id} or availability/{eventId}.');
  }

  context(): RequestContext {
    return this.getContext() as RequestContext;
  }

  header(name: string): string | undefined {
    return this.context().headers.get(name) ?? undefined;
  }

  /**
   * The parsed JSON body: 413 when too large, 415 unless sent as JSON (a
   * cross-site form cannot send that type without the browser asking first),
   * 400 when it is not JSON.
   */
  body(data: unknown): unknown {
    if (Number(this.header('content-length') ?? 0) > MAX_BODY_BYTES || bodyTooLarge(this.context())) {
      throw new ApiError(413, 'body_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    }
    if (!JSON_TYPE.test(this.header('content-type') ?? '')) {
      throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).');
    }
    if (data === UNREADABLE) throw badRequest('The body is not valid JSON.');
    return data;
  }

  /** 429 when the client that presents `key` (a fanKey, a hold) is over limit `name`; a call another node passed on was counted there. */
  limitClient(name: LimitName, key: string): void {
    if (!isHop(this.context().headers)) limit(name, key);
  }

  /** Who the organizer is, for the change log (a Harper user name). */
  organizerName(): string {
    return this.context().user?.username ?? 'unknown';
  }

  /** Organizer calls need Harper credentials of a super user or of the organizer role. */
  requireOrganizer(): void {
    requireOrganizer(this.context().user);
  }

  /**
   * Carries out a call about `eventId` here if this node owns the event, else
   * relays the owner's answer to the same request (resources/http/forward.ts).
   */
  async atOwner(eventId: string | null, body: unknown, handler: () => Promise<Reply>): Promise<Reply> {
    const { method, url, headers } = this.context();
    const owner = await ownerElsewhere(eventId, headers);
    if (owner) return forward(owner, { method, url, headers, body });
    try {
      return await handler();
    } catch (error) {
      // the event moved away while the call was on its way: the new owner carries it out
      const to = movedTo(error);
      if (!to || isHop(headers)) throw error;
      return forward(to, { method, url, headers, body });
    }
  }

  /** Runs an endpoint and turns what it throws into our JSON error answer. */
  async answer(handler: () => Promise<Reply>): Promise<Reply> {
    return this.served(await this.answerOrError(handler));
  }

  /** The answer, naming the node that received the call (API.md, running as a cluster). */
  served<T extends { headers: Record<string, string> }>(answered: T): T {
    answered.headers['Served-By'] = nodeName();
    return answered;
  }

  private async answerOrError(handler: () => Promise<Reply>): Promise<Reply> {
    try {
      return await handler();
    } catch (error) {
      if (error instanceof ApiError) return reply(error.status, error.body(), { ...error.headers });
      logger.error('unhandled error', error);
      return reply(500, { error: 'internal', message: 'Something went wrong on our side; try again.' });
    }
  }
}

/** A string field of a body not checked yet (to route the call), or null. */
export function stringField(body: unknown, field: string): string | null {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : null;
}

/** The id part of a path such as /holds/{id}; null for the collection itself. */
export function idOf(target: object): string | null {
  const id = (target as { id?: unknown })?.id;
  return id === undefined || id === null || id === '' ? null : String(id);
}
