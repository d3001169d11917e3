// A small HTTP client for the API of API.md, shared by the integration suites.
import { request } from 'node:http';
import { ADMIN, type Harper } from './harness.js';

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function client(harper: Harper) {
  async function call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const response = await fetch(harper.url + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the text: a test will say it expected JSON
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  const api = {
    call,
    get: <T = any>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body: unknown, headers?: Record<string, string>) => call<T>('POST', path, body, headers),
    patch: <T = any>(path: string, body: unknown, headers?: Record<string, string>) => call<T>('PATCH', path, body, headers),
    delete: <T = any>(path: string, headers?: Record<string, string>) => call<T>('DELETE', path, undefined, headers),

    /** Harper's operations API as the super user. */
    async operation(body: Record<string, unknown>): Promise<any> {
      const { status, text } = await freshRequest('POST', harper.opsUrl, JSON.stringify(body), { Authorization: ADMIN });
      if (status < 200 || status >= 300) throw new Error(`operation ${body.operation} failed: ${status} ${text}`);
      return JSON.parse(text);
    },

    /** Every record of a table whose attribute has this value, read straight from the database. */
    async records(table: string, attribute: string, value: string): Promise<any[]> {
      return api.operation({
        operation: 'search_by_value',
        database: 'data',
        table,
        search_attribute: attribute,
        search_value: value,
        get_attributes: ['*'],
      });
    },

    /**
     * The records once `ready` says they show a change just made: the
     * operations API may answer from a thread whose read snapshot is a moment old
     * (over 3 s twice in a day of full CI runs); each try goes over a new
     * connection, so the tries do not all land on the same thread.
     */
    async recordsOnce(
      table: string,
      attribute: string,
      value: string,
      ready: (records: any[]) => boolean,
      timeoutMs = 10_000,
    ): Promise<any[]> {
      return waitFor(async () => {
        const found = await api.records(table, attribute, value);
        return ready(found) && found;
      }, timeoutMs);
    },

    /** A venue and an on-sale event for a test, as the organizer. */
    async createEvent(
      options: { sections?: { name: string; rows: number; seatsPerRow: number }[]; event?: Record<string, unknown> } = {},
    ): Promise<any> {
      const sections = options.sections ?? [{ name: 'Main', rows: 5, seatsPerRow: 10 }];
      const venue = await api.post(
        '/venues/',
        { name: 'Test Hall', city: 'Testville', address: '1 Test St', sections },
        { Authorization: ADMIN },
      );
      if (venue.status !== 201) throw new Error(`venue: ${venue.status} ${JSON.stringify(venue.body)}`);
      const now = Date.now();
      const event = await api.post(
        '/events/',
        {
          name: 'Test Night',
          category: 'music',
          venueId: venue.body.id,
          startsAt: new Date(now + 30 * 86_400_000).toISOString(),
          onSaleAt: new Date(now - 60_000).toISOString(),
          prices: Object.fromEntries(sections.map((s, i) => [s.name, 5000 + i * 1000])),
          ...options.event,
        },
        { Authorization: ADMIN },
      );
      if (event.status !== 201) throw new Error(`event: ${event.status} ${JSON.stringify(event.body)}`);
      return event.body;
    },

    /** Joins the queue and waits until the ticket is admitted; returns the ticket. */
    async admitted(eventId: string, fanKey?: string, timeoutMs = 20_000): Promise<any> {
      const joined = await api.post('/queue/', { eventId, ...(fanKey ? { fanKey } : {}) });
      if (joined.status !== 201 && joined.status !== 200) throw new Error(`join: ${joined.status} ${JSON.stringify(joined.body)}`);
      return api.waitForAdmission(joined.body.ticketId, timeoutMs);
    },

    async waitForAdmission(ticketId: string, timeoutMs = 20_000): Promise<any> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ticket = await api.get(`/queue/${ticketId}`);
        if (ticket.body?.state === 'admitted') return ticket.body;
        if (Date.now() > deadline) throw new Error(`not admitted: ${JSON.stringify(ticket.body)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },

    hold: (token: string, body: unknown) => api.post('/holds/', body, { 'Admission-Token': token }),

    order: (holdId: string, key?: string, paymentToken = 'tok_visa') =>
      api.post(
        '/orders/',
        { holdId, buyer: { name: 'Fan', email: 'fan@example.com' }, payment: { token: paymentToken } },
        key ? { 'Idempotency-Key': key } : {},
      ),
  };
  return api;
}

export type Api = ReturnType<typeof client>;

export async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs = 5000, stepMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** What `read` gives once `done` holds of it, or at the deadline (for an assertion that shows what was seen). */
export async function lastRead<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A request over a connection of its own: Harper hands each connection to one
 * worker thread, and a kept-alive one would ask the same thread every time.
 */
export function freshRequest(
  method: string,
  url: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent: false,
        headers: {
          ...headers,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Two different random seats of the first section of an event laid out in rows x perRow. */
export function randomSeatPair(eventId: string, rows: number, perRow: number): string[] {
  const all = rows * perRow;
  const a = Math.floor(Math.random() * all);
  let b = Math.floor(Math.random() * (all - 1));
  if (b >= a) b++;
  const id = (n: number) => `${eventId}:0-${Math.floor(n / perRow) + 1}-${(n % perRow) + 1}`;
  return [id(a), id(b)];
}

/** Seats claimed by more than one successful hold (each given as its seat ids). */
export function doubleClaims(winners: string[][]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const seats of winners) for (const id of seats) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}
