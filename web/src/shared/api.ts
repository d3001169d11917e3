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

export const api = {
  get: <T>(path: string, headers?: Record<string, string>) => request<T>('GET', path, { headers }),
  post: <T>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('POST', path, { body, headers }),
  patch: <T>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('PATCH', path, { body, headers }),
  delete: <T>(path: string, headers?: Record<string, string>) => request<T>('DELETE', path, { headers }),
};

// Shapes of API.md

export type EventStatus = 'scheduled' | 'on_sale' | 'sold_out' | 'cancelled' | 'past';

export interface EventSummary {
  id: string;
  name: string;
  category: string;
  venue: { id: string; name: string; city: string };
  startsAt: string;
  onSaleAt: string;
  status: EventStatus;
  minPrice: number;
  available: number;
}

export interface SectionCounts {
  name: string;
  available: number;
  held: number;
  sold: number;
}

export interface EventDetail extends EventSummary {
  description?: string;
  performers?: string[];
  sections: (SectionCounts & { price: number; total: number })[];
  waitingRoom: { open: boolean; waiting: number; active: number; maxActive: number };
  waitlist: { open: boolean; length: number };
}

export interface EventPage {
  items: EventSummary[];
  total: number;
  limit: number;
  offset: number;
}

export type SeatStatus = 'available' | 'held' | 'sold';

export interface SeatMap {
  eventId: string;
  sections: { name: string; price: number; rows: { row: number | string; seats: { id: string; number: number; status: SeatStatus }[] }[] }[];
}

export interface QueueTicket {
  ticketId: string;
  eventId: string;
  state: 'waiting' | 'admitted' | 'done' | 'expired';
  position: number | null;
  ahead: number | null;
  etaSeconds: number | null;
  opensAt?: string;
  token?: string;
  tokenExpiresAt?: string;
}

export interface HoldSeat {
  id: string;
  section: string;
  row: number | string;
  number: number;
  price: number;
}

export interface Hold {
  holdId: string;
  eventId: string;
  status: 'active' | 'confirmed' | 'released' | 'expired';
  seats: HoldSeat[];
  total: number;
  expiresAt: string;
}

export interface Order {
  orderId: string;
  eventId: string;
  status: 'confirmed' | 'cancelled';
  seats: HoldSeat[];
  total: number;
  buyer: { name: string; email: string };
  createdAt: string;
}

export interface WaitlistEntry {
  waitlistId: string;
  eventId: string;
  position: number | null;
  quantity: number;
  section?: string | null;
  /** not in API.md's join answer; read when the server sends it (`waiting`, `offered`, `lapsed`, ...) */
  state?: string;
  offer?: (Offer & { status?: string }) | null;
}

export interface Offer {
  holdId: string;
  seats: HoldSeat[];
  total: number;
  expiresAt: string;
}

export interface Gate {
  eventId: string;
  waiting: number;
  active: number;
  maxActive: number;
  admitPerMinute: number;
  paused: boolean;
  admittedTotal: number;
  completed: number;
  abandoned: number;
  medianCheckoutSeconds: number | null;
  inventory: { available: number; held: number; sold: number };
}

/** Real-time messages of `notifications/{id}` */
export type Notification =
  | { type: 'position'; position: number | null; ahead: number | null; etaSeconds: number | null; opensAt?: string }
  | { type: 'admitted'; token: string; tokenExpiresAt: string }
  | ({ type: 'offer' } & Offer)
  | { type: 'expired' }
  /** the ticket is finished (bought or left): sent as the current state to a late subscriber */
  | { type: 'done' };

/** Real-time messages of `availability/{eventId}` */
export interface Availability {
  eventId: string;
  sections: SectionCounts[];
}
