// The promise browse caching must keep however fast it serves: a second after
// a hold, a purchase or an event edit is acknowledged, every worker thread's
// cached listing and event page show it. Each read goes over a connection of
// its own, which the kernel hands to either of the two threads at random:
// 16 reads of each answer per change all land on one thread once in 30,000.
import { describe, expect, it } from 'vitest';
import { ADMIN } from './harness.js';
import { freshRequest } from './client.js';
import { harperForSuite } from './suite.js';

const suite = harperForSuite({ threads: 2 });
const VISIBLE_MS = 1000;
const READS = 16;
const DAY = 86_400_000;

/** The event's page and its entry in the city's listing, each read READS times over fresh connections. */
async function everyThreadShows(eventId: string, city: string) {
  const read = async (path: string) => JSON.parse((await freshRequest('GET', suite.harper.url + path)).text);
  const pages = await Promise.all(Array.from({ length: READS }, () => read(`/events/${eventId}`)));
  const listings = await Promise.all(Array.from({ length: READS }, () => read(`/events/?city=${city}`)));
  return { pages, listed: listings.map((listing) => listing.items.find((item: { id: string }) => item.id === eventId)) };
}

/** Waits until a second after `acknowledged`, then reads what every thread shows. */
async function aSecondAfter(acknowledged: number, eventId: string, city: string) {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, acknowledged + VISIBLE_MS - Date.now())));
  return everyThreadShows(eventId, city);
}

describe('cached answers on every thread', () => {
  it('show a hold, a purchase and an event edit within a second', async () => {
    const { api } = suite;
    const venue = await api.post(
      '/venues/',
      { name: 'Faro Hall', city: 'Faro', address: '1 Main St', sections: [{ name: 'Main', rows: 2, seatsPerRow: 5 }] },
      { Authorization: ADMIN },
    );
    const event = await api.post(
      '/events/',
      {
        name: 'Fresh Show',
        category: 'music',
        venueId: venue.body.id,
        startsAt: new Date(Date.now() + 10 * DAY).toISOString(),
        onSaleAt: new Date(Date.now() - DAY).toISOString(),
        prices: { Main: 5000 },
      },
      { Authorization: ADMIN },
    );
    const eventId = event.body.id;
    // cached on both threads before each change
    const before = await everyThreadShows(eventId, 'Faro');
    expect(before.pages.every((page) => page.available === 10)).toBe(true);
    expect(before.listed.every((item) => item?.available === 10)).toBe(true);

    const ticket = await api.admitted(eventId);
    const seatIds = [`${eventId}:0-1-1`, `${eventId}:0-1-2`];
    const hold = await api.hold(ticket.token, { seatIds });
    expect(hold.status).toBe(201);
    const held = await aSecondAfter(Date.now(), eventId, 'Faro');
    expect(held.pages.map((page) => page.sections[0].held)).toEqual(Array(READS).fill(2));
    expect(held.listed.map((item) => item.available)).toEqual(Array(READS).fill(8));

    const order = await api.order(hold.body.holdId, `fresh-${eventId}`);
    expect(order.status).toBe(201);
    const sold = await aSecondAfter(Date.now(), eventId, 'Faro');
    expect(sold.pages.map((page) => page.sections[0].sold)).toEqual(Array(READS).fill(2));
    expect(sold.listed.map((item) => item.available)).toEqual(Array(READS).fill(8));

    const edit = await api.patch(`/events/${eventId}`, { name: 'Fresh Show, New Date' }, { Authorization: ADMIN });
    expect(edit.status).toBe(200);
    const edited = await aSecondAfter(Date.now(), eventId, 'Faro');
    expect(edited.pages.map((page) => page.name)).toEqual(Array(READS).fill('Fresh Show, New Date'));
    expect(edited.listed.map((item) => item.name)).toEqual(Array(READS).fill('Fresh Show, New Date'));
  });
});
