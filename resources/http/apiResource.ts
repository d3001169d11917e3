// What every endpoint shares: JSON bodies that may be malformed or too big,
// organizer checks, and the one place an ApiError becomes an HTTP answer.
import { Resource, logger, nodeName } from '../../lib/harper.js';
import { ApiError, badRequest } from '../../lib/errors.js';
import { type RequestUser, requireOrganizer } from './organizer.js';

const MAX_BODY_BYTES = 64 * 1024;
const UNREADABLE = Symbol('unreadable body');

export interface Reply {
  status: number;
  headers: Record<string, string>;
  data?: unknown;
}

export const reply = (status: number, data?: unknown, headers: Record<string, string> = {}): Reply => ({ status, headers, data });

export interface RequestContext {
  user?: RequestUser;
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

  context(): RequestContext {
    return this.getContext() as RequestContext;
  }

  header(name: string): string | undefined {
    return this.context().headers.get(name) ?? undefined;
  }

  /** The parsed JSON body: 413 when too large, 400 when it is not JSON. */
  body(data: unknown): unknown {
    if (Number(this.header('content-length') ?? 0) > MAX_BODY_BYTES) {
      throw new ApiError(413, 'body_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    }
    if (data === UNREADABLE) throw badRequest('The body is not valid JSON.');
    if (data && typeof data === 'object' && 'contentType' in data && 'data' in data) {
      throw badRequest('Send the body as JSON (Content-Type: application/json).');
    }
    return data;
  }

  /** Organizer calls need Harper credentials of a super user or of the organizer role. */
  requireOrganizer(): void {
    requireOrganizer(this.context().user);
  }

  /** Runs an endpoint and turns what it throws into our JSON error answer. */
  async answer(handler: () => Promise<Reply>): Promise<Reply> {
    const answered = await this.answerOrError(handler);
    // which node received the call (API.md, running as a cluster)
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

/** The id part of a path such as /holds/{id}; null for the collection itself. */
export function idOf(target: object): string | null {
  const id = (target as { id?: unknown })?.id;
  return id === undefined || id === null || id === '' ? null : String(id);
}
