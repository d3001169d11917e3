// Browsing against a real Harper (two worker threads, each with its own
// caches): the listing's filters and errors, event pages and seat maps, ETags
// and 304, and that cached answers follow every change to an event or its
// seats within a second, checked against the seats in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startHarper, type Harper } from './harness.js';
import { client, waitFor, type Api } from './client.js';

let harper: Harper;
let api: Api;

/** The promise: a change shows in the listing and the event page within one second. */
const VISIBLE_MS = 1000;
const DAY = 86_400_000;

beforeAll(async () => {
  harper = await startHarper();
  api = client(harper);
});

afterAll(async () => {
  await harper?.stop();
  harper?.remove();
});

async function venue(city: string, sections = [{ name: 'Main', rows: 2, seatsPerRow: 5 }]): Promise<any> {
  const created = await api.post('/venues/', { name: `${city} Hall`, city, address: '1 Main St', sections }, { Authorization: ADMIN });
  expect(created.status).toBe(201);
  return created.body;
}

async function event(venueId: string, fields: Record<string, unknown>): Promise<any> {
  const created = await api.post(
    '/events/',
    {
      name: 'Show',
      category: 'music',
      venueId,
      startsAt: new Date(Date.now() + 10 * DAY).toISOString(),
      onSaleAt: new Date(Date.now() - DAY).toISOString(),
      prices: { Main: 5000 },
      ...fields,
    },
    { Authorization: ADMIN },
  );
  expect(created.status).toBe(201);
  return created.body;
}

const ids = (answer: { body: { items: { id: string }[] } }) => answer.body.items.map((item) => item.id);
const at = (days: number, hour = 20) => new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + hour * 3_600_000).toISOString();

/** Every seat of an event as stored, counted the way fans see it (a lapsed hold is available). */
async function seatCounts(eventId: string) {
  const seats = await api.records('Seat', 'eventId', eventId);
  const now = Date.now();
  const state = (seat: any) => (seat.status === 'sold' ? 'sold' : seat.status === 'held' && seat.heldUntil > now ? 'held' : 'available');
  const sections = new Map<string, { name: string; total: number; available: number; held: number; sold: number }>();
  const bySeat: Record<string, string> = {};
  for (const seat of seats) {
    let counts = sections.get(seat.section);
    if (!counts) sections.set(seat.section, (counts = { name: seat.section, total: 0, available: 0, held: 0, sold: 0 }));
    counts.total++;
    counts[state(seat) as 'available' | 'held' | 'sold']++;
    bySeat[seat.id] = state(seat);
  }
  return { sections, bySeat, available: [...sections.values()].reduce((sum, s) => sum + s.available, 0) };
}

describe('the listing', () => {
  let lisbon: any;
  let porto: any;
  const e: Record<string, any> = {};

  beforeAll(async () => {
    lisbon = await venue('Lisbon');
    porto = await venue('Porto');
    e.owls = await event(lisbon.id, { name: 'Midnight Owls Live', startsAt: at(10), performers: ['The Midnight Owls'] });
    e.laughs = await event(lisbon.id, { name: 'Laugh Riot', category: 'comedy', startsAt: at(5), performers: ['Maya Patel'] });
    e.hearts = await event(porto.id, { name: 'Static Hearts Tour', startsAt: at(20) });
    e.over = await event(lisbon.id, { name: 'Yesterday Once More', startsAt: at(-2), onSaleAt: at(-10) });
    e.hamlet = await event(porto.id, { name: 'Hamlet', category: 'theater', startsAt: at(40) });
  });

  it('filters with Harper indexes, sorts by startsAt, and counts every match', async () => {
    const lisbonNow = await api.get('/events/?city=Lisbon');
    expect(lisbonNow.status).toBe(200);
    // past events are left out unless "from" asks for them
    expect(ids(lisbonNow)).toEqual([e.laughs.id, e.owls.id]);
    expect(lisbonNow.body).toMatchObject({ total: 2, limit: 20, offset: 0 });
    expect(Object.keys(lisbonNow.body.items[0]).sort()).toEqual(
      ['available', 'category', 'id', 'minPrice', 'name', 'onSaleAt', 'startsAt', 'status', 'venue'].sort(),
    );
    expect(lisbonNow.body.items[1]).toMatchObject({
      name: 'Midnight Owls Live',
      category: 'music',
      venue: { id: lisbon.id, name: 'Lisbon Hall', city: 'Lisbon' },
      status: 'on_sale',
      minPrice: 5000,
      available: 10,
    });
    const withPast = await api.get('/events/?city=Lisbon&from=2000-01-01');
    expect(ids(withPast)).toEqual([e.over.id, e.laughs.id, e.owls.id]);
    expect(withPast.body.items[0].status).toBe('past');

    expect(ids(await api.get('/events/?category=MUSIC&city=Porto'))).toEqual([e.hearts.id]);
    expect(ids(await api.get(`/events/?venue=${porto.id}`))).toEqual([e.hearts.id, e.hamlet.id]);
    expect(ids(await api.get('/events/?q=maya'))).toEqual([e.laughs.id]);
    expect(ids(await api.get('/events/?q=OWLS%20midnight'))).toEqual([e.owls.id]);
    expect(ids(await api.get('/events/?q=owls+hamlet'))).toEqual([]);
    expect(ids(await api.get(`/events/?city=Porto&to=${at(20).slice(0, 10)}`))).toEqual([e.hearts.id]); // a bare date: the whole day
    expect(ids(await api.get(`/events/?city=Porto&from=${at(21)}`))).toEqual([e.hamlet.id]);
    expect(ids(await api.get(`/events/?city=Lisbon&from=${at(-3)}&to=${at(6)}`))).toEqual([e.over.id, e.laughs.id]);
    expect(ids(await api.get('/events/?venue=v-nowhere'))).toEqual([]);

    const page = await api.get('/events/?city=Lisbon&from=2000-01-01&limit=1&offset=1');
    expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(ids(page)).toEqual([e.laughs.id]);
    expect((await api.get('/events/?city=Lisbon&offset=5')).body).toMatchObject({ items: [], total: 2 });
  });

  it('answers bad values with 400 or 422 and a JSON error, never an empty list', async () => {
    const cases: [string, number, string][] = [
      ['limit=-5', 422, 'limit'],
      ['limit=0', 422, 'limit'],
      ['limit=101', 422, 'limit'],
      ['limit=ten', 400, 'limit'],
      ['offset=-1', 422, 'offset'],
      ['category=opera', 422, 'category'],
      ['from=yesterday', 422, 'from'],
      ['from=2026-02-31', 422, 'from'],
      ['to=2026-13-01', 422, 'to'],
      ['from=2026-12-02&to=2026-12-01', 422, 'from'],
      ['q=%3F%21', 422, 'q'],
    ];
    for (const [query, status, field] of cases) {
      const answer = await api.get(`/events/?${query}`);
      expect([query, answer.status, answer.body.field, typeof answer.body.message]).toEqual([query, status, field, 'string']);
      expect(answer.body.error).toBe(status === 400 ? 'bad_request' : 'invalid');
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    const unknown = await api.get('/events/e-unknown');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not_found');
    expect((await api.get('/seatmap/e-unknown')).status).toBe(404);
    const section = await api.get(`/seatmap/${e.owls.id}?section=Nope`);
    expect([section.status, section.body.field]).toEqual([422, 'section']);
  });

  it('drops an event from a cached listing as soon as it no longer matches', async () => {
    const braga = await venue('Braga');
    const a = await event(braga.id, { name: 'Brass Republic', startsAt: at(3) });
    const b = await event(braga.id, { name: 'Luna Vega', startsAt: at(4) });
    const path = '/events/?city=Braga&category=music';
    // both threads cache the listing
    for (let i = 0; i < 6; i++) expect(ids(await api.get(path))).toEqual([a.id, b.id]);

    expect((await api.patch(`/events/${a.id}`, { category: 'comedy' }, { Authorization: ADMIN })).status).toBe(200);
    const changedAt = Date.now();
    await waitFor(async () => !ids(await api.get(path)).includes(a.id), VISIBLE_MS, 10);
    const tookMs = Date.now() - changedAt;
    // and never again, on either thread; what it shows matches the filter in the database
    for (let i = 0; i < 10; i++) {
      const answer = await api.get(path);
      expect(ids(answer)).toEqual([b.id]);
      expect(answer.body.total).toBe(1);
      for (const id of ids(answer)) expect((await api.records('Event', 'id', id))[0].category).toBe('music');
    }
    expect(ids(await api.get('/events/?city=Braga&category=comedy'))).toEqual([a.id]);
    expect(tookMs).toBeLessThan(VISIBLE_MS);

    // a renamed event leaves a word search it no longer matches
    expect(ids(await api.get('/events/?q=luna'))).toEqual([b.id]);
    await api.patch(`/events/${b.id}`, { name: 'Sol Vega' }, { Authorization: ADMIN });
    await waitFor(async () => ids(await api.get('/events/?q=luna')).length === 0, VISIBLE_MS, 10);
    expect(ids(await api.get('/events/?q=sol+VEGA'))).toEqual([b.id]);
    expect((await api.get(`/events/${b.id}`)).body.name).toBe('Sol Vega');

    // a new event joins the cached listing
    const c = await event(braga.id, { name: 'Static Hearts', startsAt: at(1) });
    await waitFor(async () => ids(await api.get(path))[0] === c.id, VISIBLE_MS, 10);
  });

  it('drops an event from the default listing the moment it starts', async () => {
    const faro = await venue('Faro');
    const soon = await event(faro.id, {
      startsAt: new Date(Date.now() + 2500).toISOString(),
      onSaleAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const later = await event(faro.id, { startsAt: at(3) });
    expect(ids(await api.get('/events/?city=Faro'))).toEqual([soon.id, later.id]);
    expect((await api.get(`/events/${soon.id}`)).body.status).toBe('on_sale');
    await new Promise((r) => setTimeout(r, Date.parse(soon.startsAt) - Date.now() + 50));
    for (let i = 0; i < 4; i++) {
      const answer = await api.get('/events/?city=Faro');
      expect(ids(answer)).toEqual([later.id]);
      expect(answer.body.total).toBe(1);
    }
    expect((await api.get(`/events/${soon.id}`)).body.status).toBe('past');
  });
});

describe('event pages, seat maps and HTTP caching', () => {
  it('shows an event page as API.md describes it', async () => {
    const place = await venue('Coimbra', [
      { name: 'Floor', rows: 2, seatsPerRow: 5 },
      { name: 'Balcony', rows: 1, seatsPerRow: 4 },
    ]);
    const created = await event(place.id, {
      name: 'Opera Night',
      performers: ['Ana'],
      description: 'Arias.',
      prices: { Floor: 9000, Balcony: 4000 },
    });
    const page = await api.get(`/events/${created.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      id: created.id,
      name: 'Opera Night',
      category: 'music',
      venue: { id: place.id, name: 'Coimbra Hall', city: 'Coimbra' },
      status: 'on_sale',
      minPrice: 4000,
      available: 14,
      description: 'Arias.',
      performers: ['Ana'],
      sections: [
        { name: 'Floor', price: 9000, total: 10, available: 10, held: 0, sold: 0 },
        { name: 'Balcony', price: 4000, total: 4, available: 4, held: 0, sold: 0 },
      ],
      waitlist: { open: false, length: 0 },
    });
    expect(page.body.waitingRoom).toMatchObject({ open: true, waiting: 0, active: 0, maxActive: 200 });
  });

  it('sends ETag and Cache-Control, answers If-None-Match with 304, and a new tag after a change', async () => {
    const place = await venue('Evora');
    const created = await event(place.id, { name: 'Tagged' });
    for (const path of ['/events/?city=Evora', `/events/${created.id}`, `/seatmap/${created.id}`]) {
      const first = await api.get(path);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^W\/".+"$/);
      expect(first.headers.get('cache-control')).toMatch(/^public, max-age=1, stale-while-revalidate=\d+$/);
      expect(first.headers.get('content-type')).toMatch(/^application\/json/);
      const again = await api.get(path, { 'If-None-Match': etag });
      expect([path, again.status]).toEqual([path, 304]);
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.body).toBeUndefined();
      expect((await api.get(path, { 'If-None-Match': `"other", ${etag}` })).status).toBe(304);
      expect((await api.get(path, { 'If-None-Match': 'W/"other"' })).status).toBe(200);
      // a compressed answer carries the same tag and the same JSON
      const gzip = await fetch(harper.url + path, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(gzip.headers.get('etag')).toBe(etag);
      expect(await gzip.json()).toEqual(first.body);
    }
    const tags = async () =>
      Promise.all(['/events/?city=Evora', `/events/${created.id}`].map(async (p) => (await api.get(p)).headers.get('etag')));
    const before = await tags();
    await api.patch(`/events/${created.id}`, { name: 'Retagged' }, { Authorization: ADMIN });
    await waitFor(async () => (await api.get(`/events/${created.id}`, { 'If-None-Match': before[1]! })).status === 200, VISIBLE_MS, 10);
    const after = await tags();
    expect(after[0]).not.toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect((await api.get('/events/?city=Evora', { 'If-None-Match': before[0]! })).status).toBe(200);
  });

  it('serves the seat map of a 1,000-seat event, whole or by section', async () => {
    const sections = Array.from({ length: 10 }, (_, i) => ({ name: `S${i}`, rows: 10, seatsPerRow: 10 }));
    const place = await venue('Braganca', sections);
    const created = await event(place.id, { prices: Object.fromEntries(sections.map((s, i) => [s.name, 1000 * (i + 1)])) });
    const whole = await api.get(`/seatmap/${created.id}`);
    expect(whole.status).toBe(200);
    expect(whole.body.eventId).toBe(created.id);
    expect(whole.body.sections.map((s: any) => s.name)).toEqual(sections.map((s) => s.name));
    const seats = whole.body.sections.flatMap((s: any) => s.rows.flatMap((r: any) => r.seats));
    expect(seats).toHaveLength(1000);
    expect(new Set(seats.map((s: any) => s.status))).toEqual(new Set(['available']));
    expect(whole.body.sections[3].rows[9]).toEqual({
      row: 10,
      seats: Array.from({ length: 10 }, (_, i) => ({ id: `${created.id}:3-10-${i + 1}`, number: i + 1, status: 'available' })),
    });
    const one = await api.get(`/seatmap/${created.id}?section=S7`);
    expect(one.body.sections).toHaveLength(1);
    expect(one.body.sections[0]).toMatchObject({ name: 'S7', price: 8000 });
    expect(one.headers.get('etag')).not.toBe(whole.headers.get('etag'));
  });
});

describe('availability in cached answers', () => {
  async function shown(eventId: string, city: string) {
    const [page, list, map] = await Promise.all([
      api.get(`/events/${eventId}`),
      api.get(`/events/?city=${city}`),
      api.get(`/seatmap/${eventId}`),
    ]);
    const statuses: Record<string, string> = {};
    for (const section of map.body.sections) for (const row of section.rows) for (const seat of row.seats) statuses[seat.id] = seat.status;
    return { page: page.body, listed: list.body.items.find((item: any) => item.id === eventId), statuses };
  }

  it('shows a hold, its release, a sale, a cancellation and an expiry within a second', async () => {
    const place = await venue('Aveiro');
    const created = await event(place.id, { holdSeconds: 2 });
    const ticket = await api.admitted(created.id);
    const main = (page: any) => page.sections[0];
    await shown(created.id, 'Aveiro'); // cached on a thread at least

    const seatIds = [`${created.id}:0-1-1`, `${created.id}:0-1-2`];
    const hold = await api.hold(ticket.token, { seatIds });
    expect(hold.status).toBe(201);
    await waitFor(
      async () => {
        const s = await shown(created.id, 'Aveiro');
        return main(s.page).held === 2 && s.listed.available === 8 && s.statuses[seatIds[0]] === 'held';
      },
      VISIBLE_MS,
      10,
    );

    expect((await api.delete(`/holds/${hold.body.holdId}`)).status).toBe(204);
    await waitFor(
      async () => {
        const s = await shown(created.id, 'Aveiro');
        return main(s.page).held === 0 && s.page.available === 10 && s.listed.available === 10 && s.statuses[seatIds[0]] === 'available';
      },
      VISIBLE_MS,
      10,
    );

    const bought = await api.hold(ticket.token, { seatIds });
    const order = await api.order(bought.body.holdId, `browse-${created.id}`);
    expect(order.status).toBe(201);
    await waitFor(
      async () => {
        const s = await shown(created.id, 'Aveiro');
        return main(s.page).sold === 2 && s.listed.available === 8 && s.statuses[seatIds[1]] === 'sold';
      },
      VISIBLE_MS,
      10,
    );

    expect((await api.delete(`/orders/${order.body.orderId}`)).status).toBe(200);
    await waitFor(
      async () => {
        const s = await shown(created.id, 'Aveiro');
        return main(s.page).sold === 0 && s.listed.available === 10 && s.statuses[seatIds[1]] === 'available';
      },
      VISIBLE_MS,
      10,
    );

    // a hold that runs out: no request changes a seat, the answers still follow
    const other = await api.admitted(created.id);
    const lapsing = await api.hold(other.token, { seatIds: [`${created.id}:0-2-5`] });
    expect(lapsing.status).toBe(201);
    await waitFor(async () => main((await shown(created.id, 'Aveiro')).page).held === 1, VISIBLE_MS, 10);
    const expiresAt = Date.parse(lapsing.body.expiresAt);
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now())));
    await waitFor(
      async () => {
        const s = await shown(created.id, 'Aveiro');
        return main(s.page).held === 0 && s.listed.available === 10 && s.statuses[`${created.id}:0-2-5`] === 'available';
      },
      VISIBLE_MS,
      10,
    );
  });

  it('shows cancellation of the event in its page and listing', async () => {
    const place = await venue('Sintra');
    const created = await event(place.id, {});
    expect((await shown(created.id, 'Sintra')).listed.status).toBe('on_sale');
    await api.patch(`/events/${created.id}`, { status: 'cancelled' }, { Authorization: ADMIN });
    await waitFor(
      async () => {
        const s = await shown(created.id, 'Sintra');
        return s.page.status === 'cancelled' && s.listed.status === 'cancelled' && !s.page.waitingRoom.open;
      },
      VISIBLE_MS,
      10,
    );
  });

  it('counts in the page, the listing and the seat map equal the seats in the database after a burst', async () => {
    const sections = ['A', 'B', 'C', 'D'].map((name) => ({ name, rows: 5, seatsPerRow: 10 }));
    const place = await venue('Tomar', sections);
    const created = await event(place.id, {
      prices: { A: 4000, B: 3000, C: 2000, D: 1000 },
      holdSeconds: 600,
      waitingRoom: { maxActive: 100, admitPerMinute: 100_000, tokenSeconds: 3600 },
    });
    await shown(created.id, 'Tomar'); // answers cached before the burst
    const fans = await Promise.all(Array.from({ length: 40 }, () => api.admitted(created.id, undefined, 60_000)));
    const randomSeat = () =>
      `${created.id}:${Math.floor(Math.random() * 4)}-${1 + Math.floor(Math.random() * 5)}-${1 + Math.floor(Math.random() * 10)}`;
    const outcomes = { held: 0, conflicts: 0, released: 0, sold: 0 };
    // every fan holds (some by seat, some best available), then releases, buys or keeps, all at once,
    // while the cached answers are read on both threads
    let reading = true;
    const readers = (async () => {
      while (reading) await shown(created.id, 'Tomar');
    })();
    await Promise.all(
      fans.map(async (fan, i) => {
        const body =
          i % 2
            ? { seatIds: [randomSeat(), randomSeat()].filter((s, j, all) => all.indexOf(s) === j) }
            : { section: sections[i % 4].name, quantity: 3 };
        const hold = await api.hold(fan.token, body);
        if (hold.status !== 201) {
          outcomes.conflicts++;
          return;
        }
        outcomes.held++;
        if (i % 3 === 0) {
          expect((await api.delete(`/holds/${hold.body.holdId}`)).status).toBe(204);
          outcomes.released++;
        } else if (i % 3 === 1) {
          expect((await api.order(hold.body.holdId, `burst-${created.id}-${i}`)).status).toBe(201);
          outcomes.sold++;
        }
      }),
    );
    reading = false;
    await readers;
    expect(outcomes.held).toBeGreaterThan(20);
    expect(outcomes.released).toBeGreaterThan(0);
    expect(outcomes.sold).toBeGreaterThan(0);

    const stored = await seatCounts(created.id);
    expect(stored.available).toBeLessThan(200);
    const counts = JSON.stringify([...stored.sections.values()]);
    const agrees = (s: any) =>
      JSON.stringify(s.page.sections.map(({ price, ...rest }: any) => rest)) === counts &&
      s.page.available === stored.available &&
      s.listed.available === stored.available &&
      Object.keys(stored.bySeat).length === Object.keys(s.statuses).length &&
      Object.entries(stored.bySeat).every(([id, status]) => s.statuses[id] === status);
    // within the bound, every thread agrees: the page, the listing and the seat map, seat by seat
    // (four answers in a row, so both threads are asked)
    await waitFor(
      async () => {
        for (let i = 0; i < 4; i++) if (!agrees(await shown(created.id, 'Tomar'))) return false;
        return true;
      },
      VISIBLE_MS,
      20,
    );
  });

  it("misses no seat change made while a thread reads a big event's seats for the first time", async () => {
    // 20,000 seats: a thread reads them in chunks, serving other requests in between
    const place = await venue(
      'Braga',
      ['A', 'B', 'C', 'D'].map((name) => ({ name, rows: 50, seatsPerRow: 100 })),
    );
    const created = await event(place.id, { prices: { A: 4000, B: 3000, C: 2000, D: 1000 } });
    // seats sold straight in the table (operations API), 3 writers at once, while seat maps are asked of both threads
    let writing = true;
    const seatsOf = (batch: number) =>
      Array.from({ length: 10 }, (_, i) => ({ id: `${created.id}:${batch % 4}-${1 + Math.floor(batch / 4)}-${1 + i}`, status: 'sold' }));
    const writers = Promise.all(
      [0, 1, 2].map(async (writer) => {
        for (let batch = writer; batch < 60; batch += 3)
          await api.operation({ operation: 'update', database: 'data', table: 'Seat', records: seatsOf(batch) });
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 30)); // the reads begin once the writes are under way
    const readers = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (writing) await api.get(`/seatmap/${created.id}`);
      }),
    );
    await writers;
    writing = false;
    await readers;
    const stored = await seatCounts(created.id);
    expect(Object.values(stored.bySeat).filter((status) => status === 'sold')).toHaveLength(600);
    const sold = async () => {
      const map = (await api.get(`/seatmap/${created.id}`)).body;
      return map.sections
        .flatMap((section: any) => section.rows.flatMap((row: any) => row.seats))
        .filter((seat: any) => seat.status === 'sold').length;
    };
    // four answers in a row, so both threads are asked
    await waitFor(
      async () => {
        for (let i = 0; i < 4; i++) if ((await sold()) !== 600) return false;
        return true;
      },
      VISIBLE_MS,
      20,
    );
  });
});
