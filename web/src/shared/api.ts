// The public HTTP API of API.md, as the browser calls it: JSON in and out,
// every failure turned into an ApiError that carries the server's code and
// message (a sentence a person can act on) or a network failure.

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached */
    readonly status: number,
    /** the `error` code of the answer, e.g. `seats_unavailable` */
    readonly code: string,
    message: string,
    /** the whole error body, for extra fields such as `conflicts` or `opensAt` */
    readonly body: Record<string, unknown> = {},
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network', 'We could not reach the box office. Check your connection and try again.');
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const body = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
    const retry = Number(response.headers.get('Retry-After'));
    throw new ApiError(
      response.status,
      typeof body.error === 'string' ? body.error : `http_${response.status}`,
      typeof body.message === 'string' ? body.message : 'Something went wrong on our side; try again in a moment.',
      body,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  return data as T;
}

/** times a read refused as busy is tried again, each after the server's Retry-After (at most MAX_WAIT_S) */
const BUSY_RETRIES = 3;
const MAX_WAIT_S = 5;

/**
 * A read: one refused because the server is past what it can serve (503
 * with Retry-After) is asked again after the wait it names, a few times,
 * before the page shows the refusal; reads change nothing, so asking again
 * is safe.
 */
async function read<T>(path: string, headers?: Record<string, string>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request<T>('GET', path, { headers });
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 503 && error.retryAfter) || attempt >= BUSY_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(error.retryAfter ?? 1, MAX_WAIT_S) * 1000));
    }
  }
}

export const api = {
  get: read,
  post: <T>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('POST', path, { body, headers }),
  patch: <T>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('PATCH', path, { body, headers }),
  delete: <T>(path: string, headers?: Record<string, string>) => request<T>('DELETE', path, { headers }),
};

// Shapes of API.md: the server's own wire types (lib/wire), imported as types
// only, so nothing of lib/ is compiled into the browser build or loaded by it.

export type { EventDetail, EventStatus, EventSummary, SeatMap, SeatStatus, SectionCounts } from '../../../lib/wire/catalog.js';
export type { Hold, HeldSeat as HoldSeat, Order, WaitlistEntry } from '../../../lib/wire/checkout.js';
export type { AvailabilityMessage as Availability, Notification, Offer } from '../../../lib/wire/messages.js';
export type { Gate } from '../../../lib/wire/organizer.js';
export type { QueueTicket } from '../../../lib/wire/queue.js';
export type { EventList as EventPage } from '../../../lib/wire/catalog.js';
