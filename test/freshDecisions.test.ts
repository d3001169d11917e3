// A refusal never rests on a snapshot. Pages (event page, listing, seat map)
// come from each thread's snapshot of the seats, which may be a moment older
// than what another thread served the fan; a decision that refuses (waitlist:
// "seats are still on sale"; queue: "sold out") reads the seats themselves
// first, so it is at least as new as any page the fan read before asking.
// Here every thread's snapshot of an event stops at its first read, as stale
// as a snapshot can be, and the seats change behind it (written past the
// API): the refusals still follow the seats.
import { describe, expect, it } from 'vitest';
import { freshRequest } from './client.js';
import { harperForSuite } from './suite.js';

const suite = harperForSuite({ env: { TICKETING_TEST_FROZEN_INVENTORY: '1' } });
const SEATS = 8;
const sections = [{ name: 'Main', rows: 1, seatsPerRow: SEATS }];

async function setSeats(eventId: string, status: 'sold' | 'available') {
  const records = Array.from({ length: SEATS }, (_, i) => ({ id: `${eventId}:0-1-${i + 1}`, status, holdId: null, heldUntil: null }));
  await suite.api.operation({ operation: 'update', database: 'data', table: 'Seat', records });
}

/**
 * The event page as each worker thread shows it: 16 connections at once.
 * Now and then every one still goes to one thread (seen in clean CI runs),
 * and the thread never asked reads the seats only after they changed: the
 * tests start again with a new event then.
 */
async function pages(eventId: string): Promise<string[]> {
  const answers = await Promise.all(Array.from({ length: 16 }, () => freshRequest('GET', `${suite.harper.url}/events/${eventId}`)));
  return [...new Set(answers.map((answer) => JSON.parse(answer.text).status as string))];
}

describe('decisions on fresh state', () => {
  it('takes a waitlist join once the seats are gone, though every snapshot still shows them', async () => {
    const { api } = suite;
    // every thread must have read the seats before they change: an event whose pages all still say on sale after
    let stale: string[] = [];
    let event: any;
    for (let tries = 0; tries < 10 && stale.join() !== 'on_sale'; tries++) {
      event = await api.createEvent({ sections });
      expect(await pages(event.id)).toEqual(['on_sale']);
      await setSeats(event.id, 'sold');
      stale = await pages(event.id);
    }
    expect(stale).toEqual(['on_sale']); // stale, as a page may be
    const waitlist = await api.post('/waitlist/', { eventId: event.id, quantity: 1 });
    expect(waitlist.status).toBe(201);
  });

  it('takes a queue join and holds the best seats once seats come back, though a snapshot still says sold out', async () => {
    const { api } = suite;
    // a thread that read the event before its seats went shows it on sale for good: an event some thread shows sold out
    let event: any;
    for (let tries = 0; tries < 10 && !(await pages(event?.id ?? '')).includes('sold_out'); tries++) {
      event = await api.createEvent({ sections });
      await setSeats(event.id, 'sold');
    }
    await setSeats(event.id, 'available');
    // joins on both threads
    const joins = [];
    for (let i = 0; i < 6; i++) joins.push(await freshRequest('POST', `${suite.harper.url}/queue/`, JSON.stringify({ eventId: event.id })));
    expect(joins.map((join) => join.status)).toEqual(Array(6).fill(201));
    // and the best seats of the section, asked on both threads
    for (const join of joins) {
      const { token } = await api.waitForAdmission(JSON.parse(join.text).ticketId);
      const hold = await freshRequest('POST', `${suite.harper.url}/holds/`, JSON.stringify({ section: 'Main', quantity: 1 }), {
        'Admission-Token': token,
      });
      expect(hold.status).toBe(201);
    }
  });
});
