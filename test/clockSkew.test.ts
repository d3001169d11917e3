// Two worker threads whose clocks disagree. Harper stamps each commit with its
// own thread's clock and drops a write that is not newer than the record's
// version, so a release made on one thread right after a hold made on a
// thread whose clock runs ahead was lost (seen in CI: a DELETE answered 204
// and the hold stayed active). Here worker 1 runs 50 ms ahead (lib/testClock.ts)
// and every request goes over a connection of its own, so holds and releases
// fall on either thread.
import { describe, expect, it } from 'vitest';
import { type Api, freshRequest } from './client.js';
import { harperForSuite } from './suite.js';

const suite = harperForSuite({ env: { TICKETING_TEST_CLOCK_SKEW_MS: '50' } });
let api: Api;

describe('worker threads whose clocks disagree', () => {
  it('keep every release made right after a hold, and every hold made right after a release', async () => {
    api = suite.api;
    const fans = 40;
    const event = await api.createEvent({ event: { waitingRoom: { maxActive: fans, admitPerMinute: 100_000 } } });
    const tokens = await Promise.all(Array.from({ length: fans }, async () => (await api.admitted(event.id)).token));
    const url = suite.harper.url;
    const holdIds: string[] = [];
    for (const [i, token] of tokens.entries()) {
      const seatId = `${event.id}:0-${1 + Math.floor(i / 10)}-${1 + (i % 10)}`;
      for (let round = 0; round < 2; round++) {
        const held = await freshRequest('POST', `${url}/holds/`, JSON.stringify({ seatIds: [seatId] }), { 'Admission-Token': token });
        expect(held.status).toBe(201);
        const holdId = JSON.parse(held.text).holdId;
        holdIds.push(holdId);
        expect((await freshRequest('DELETE', `${url}/holds/${holdId}`)).status).toBe(204);
      }
    }
    const statuses = await Promise.all(holdIds.map(async (id) => (await api.get(`/holds/${id}`)).body.status));
    expect(statuses.filter((status) => status !== 'released')).toEqual([]);
    const seats = await api.recordsOnce('Seat', 'eventId', event.id, (all) => all.length === 50);
    expect(seats.filter((seat) => seat.status !== 'available').map((seat) => seat.id)).toEqual([]);
  });
});
