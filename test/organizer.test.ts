// Organizer calls need an organizer, even from localhost (Harper's dev
// defaults would treat every local request as the super user).
import { describe, expect, it } from 'vitest';
import { ADMIN } from './harness.js';
import type { Api } from './client.js';
import { harperForSuite } from './suite.js';

let api: Api;
const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const venue = { name: 'Hall', city: 'Oslo', address: '1 Street', sections: [{ name: 'Main', rows: 2, seatsPerRow: 5 }] };

harperForSuite({}, async (suite) => {
  ({ api } = suite);
  await api.operation({ operation: 'add_user', role: 'organizer', username: 'olga', password: 'olga-pass', active: true });
  await api.operation({ operation: 'add_role', role: 'viewer', permission: { super_user: false } });
  await api.operation({ operation: 'add_user', role: 'viewer', username: 'vic', password: 'vic-pass', active: true });
});

describe('organizer calls', () => {
  it('refuses anonymous callers from localhost with 401', async () => {
    const answer = await api.post('/venues/', venue);
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('unauthorized');
    const event = await api.createEvent();
    expect((await api.patch(`/events/${event.id}`, { name: 'Hijacked' })).status).toBe(401);
    expect((await api.post('/events/', { name: 'x' })).status).toBe(401);
    expect((await api.get(`/events/${event.id}`)).body.name).toBe('Test Night');
  });

  it('has no benchmark-only paths unless a benchmark asks for them', async () => {
    expect((await api.post('/bench_write/', { id: 'x', n: 1 })).status).toBe(404);
    expect((await api.get('/bench_constant/')).status).toBe(404);
  });

  it('refuses users without the organizer role with 403', async () => {
    const answer = await api.post('/venues/', venue, basic('vic', 'vic-pass'));
    expect(answer.status).toBe(403);
    expect(answer.body.error).toBe('forbidden');
  });

  it('lets the organizer role and the super user create venues and events', async () => {
    const created = await api.post('/venues/', venue, basic('olga', 'olga-pass'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Hall', city: 'Oslo' });
    const event = await api.post(
      '/events/',
      {
        name: 'Olga Presents',
        category: 'comedy',
        venueId: created.body.id,
        startsAt: '2030-01-01T20:00:00Z',
        onSaleAt: '2029-12-01T10:00:00Z',
        prices: { Main: 2500 },
      },
      basic('olga', 'olga-pass'),
    );
    expect(event.status).toBe(201);
    expect(event.body).toMatchObject({ status: 'scheduled', minPrice: 2500, available: 10 });
    expect(event.body.sections).toEqual([{ name: 'Main', price: 2500, total: 10, available: 10, held: 0, sold: 0 }]);
    const patched = await api.patch(`/events/${event.body.id}`, { maxPerOrder: 4, status: 'cancelled' }, { Authorization: ADMIN });
    expect(patched.status).toBe(200);
    expect(patched.body.status).toBe('cancelled');
  });

  it('validates what organizers send', async () => {
    const bad = [
      { ...venue, sections: [] },
      { ...venue, sections: [{ name: 'A', rows: 0, seatsPerRow: 5 }] },
      {
        ...venue,
        sections: [
          { name: 'A', rows: 1, seatsPerRow: 5 },
          { name: 'A', rows: 1, seatsPerRow: 5 },
        ],
      },
    ];
    for (const body of bad) expect((await api.post('/venues/', body, { Authorization: ADMIN })).status).toBe(422);
    expect((await api.post('/venues/', { ...venue, name: 5 }, { Authorization: ADMIN })).status).toBe(400);
    const v = (await api.post('/venues/', venue, { Authorization: ADMIN })).body;
    const event = {
      name: 'E',
      category: 'music',
      venueId: v.id,
      startsAt: '2030-01-01T20:00:00Z',
      onSaleAt: '2029-12-01T10:00:00Z',
      prices: { Main: 100 },
    };
    const cases: [Record<string, unknown>, number][] = [
      [{ category: 'opera' }, 422],
      [{ venueId: 'v-nope' }, 422],
      [{ startsAt: 'soon' }, 422],
      [{ onSaleAt: '2031-01-01T00:00:00Z' }, 422],
      [{ prices: {} }, 422],
      [{ prices: { Main: -1 } }, 422],
      [{ holdSeconds: 0 }, 422],
      [{ maxPerOrder: 'eight' }, 400],
      [{ waitingRoom: { maxActive: -3 } }, 422],
    ];
    for (const [change, status] of cases) {
      const answer = await api.post('/events/', { ...event, ...change }, { Authorization: ADMIN });
      expect(answer.status, JSON.stringify(change)).toBe(status);
      expect(answer.body.error).toBeTypeOf('string');
      expect(answer.body.message).toBeTypeOf('string');
    }
    const created = await api.post('/events/', event, { Authorization: ADMIN });
    expect((await api.patch(`/events/${created.body.id}`, { venueId: 'other' }, { Authorization: ADMIN })).status).toBe(422);
    expect((await api.patch('/events/e-unknown', { name: 'x' }, { Authorization: ADMIN })).status).toBe(404);
  });

  it("keeps each section's place on the venue's plan, checks it, and hands it to the seat map", async () => {
    const layout = { x: 10, y: 5, width: 80, height: 40 };
    const planned = { ...venue, sections: [{ name: 'Main', rows: 2, seatsPerRow: 5, layout }] };
    const outside = { ...venue, sections: [{ name: 'Main', rows: 2, seatsPerRow: 5, layout: { ...layout, x: 150 } }] };
    const extra = { ...venue, sections: [{ name: 'Main', rows: 2, seatsPerRow: 5, layout: { ...layout, z: 1 } }] };
    const pastEdge = { ...venue, sections: [{ name: 'Main', rows: 2, seatsPerRow: 5, layout: { ...layout, x: 30 } }] };
    for (const body of [outside, extra, pastEdge]) {
      const refused = await api.post('/venues/', body, { Authorization: ADMIN });
      expect([refused.status, refused.body.error]).toEqual([422, 'invalid']);
    }
    const made = await api.post('/venues/', planned, { Authorization: ADMIN });
    expect(made.status).toBe(201);
    expect(made.body.sections[0].layout).toEqual(layout);
    const event = await api.post(
      '/events/',
      {
        name: 'Planned',
        category: 'music',
        venueId: made.body.id,
        startsAt: '2030-01-01T20:00:00Z',
        onSaleAt: '2029-12-01T10:00:00Z',
        prices: { Main: 100 },
      },
      { Authorization: ADMIN },
    );
    expect((await api.get(`/seatmap/${event.body.id}`)).body.sections[0].layout).toEqual(layout);
    // without a plan the seat map has none: the fan page arranges the sections itself
    const plain = await api.post('/venues/', venue, { Authorization: ADMIN });
    expect(plain.body.sections[0].layout).toBeUndefined();
  });
});
