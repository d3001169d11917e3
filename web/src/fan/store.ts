// What the fan's browser keeps between visits (localStorage): a random fanKey
// per event (so a reload keeps the place in the queue), the queue ticket, the
// waitlist entry and the last hold. Nothing here is trusted by the server: the
// ids are secrets that open the fan's own records, and nothing more.

const PREFIX = 'fair-ticketing:';

function read<T>(key: string): T | undefined {
  try {
    const text = localStorage.getItem(PREFIX + key);
    return text === null ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === undefined) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // private mode or full storage: the page still works, a reload loses the place
  }
}

function randomKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface StoredTicket {
  ticketId: string;
  token?: string;
  tokenExpiresAt?: string;
}

export const store = {
  fanKey(eventId: string): string {
    let key = read<string>(`fanKey:${eventId}`);
    if (!key) {
      key = randomKey();
      write(`fanKey:${eventId}`, key);
    }
    return key;
  },
  /** A new place in line after a finished or expired turn: the server gives the old fanKey its old ticket back. */
  newFanKey(eventId: string): void {
    write(`fanKey:${eventId}`, randomKey());
    write(`ticket:${eventId}`, undefined);
  },
  ticket: (eventId: string) => read<StoredTicket>(`ticket:${eventId}`),
  setTicket: (eventId: string, ticket: StoredTicket | undefined) => write(`ticket:${eventId}`, ticket),
  waitlist: (eventId: string) => read<string>(`waitlist:${eventId}`),
  setWaitlist: (eventId: string, id: string | undefined) => write(`waitlist:${eventId}`, id),
  hold: (eventId: string) => read<string>(`hold:${eventId}`),
  setHold: (eventId: string, id: string | undefined) => write(`hold:${eventId}`, id),
  /** One Idempotency-Key per checkout body, so a retry after a lost answer cannot buy twice. */
  idempotencyKey(holdId: string, body: string): string {
    const saved = read<{ body: string; key: string }>(`order-key:${holdId}`);
    if (saved && saved.body === body) return saved.key;
    const key = randomKey();
    write(`order-key:${holdId}`, { body, key });
    return key;
  },
};
