// Request checking against the wire schemas, in-process: 400 for wrong types
// and missing fields, 422 for unacceptable values, trimmed strings and UTC times.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/errors.js';
import { EventListQuery } from '../../lib/wire/catalog.js';
import { HoldBySeats, HoldBySection, OrderCreate } from '../../lib/wire/checkout.js';
import { EventCreate, EventPatch, GatePatch, VenueCreate } from '../../lib/wire/organizer.js';
import { QueueJoin } from '../../lib/wire/queue.js';
import { checkBody, checkQuery } from '../../resources/http/validate.js';

function failure(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { status: error.status, ...error.body() };
  }
  return { status: 200 };
}

const event = {
  name: 'E',
  category: 'music',
  venueId: 'v-1',
  startsAt: '2030-01-01T20:00:00Z',
  onSaleAt: '2029-12-01T10:00:00Z',
  prices: { Main: 100 },
};

describe('checkBody', () => {
  it('answers wrong types and missing fields with 400 bad_request, naming the field', () => {
    expect(failure(() => checkBody(QueueJoin, { eventId: 42 }))).toMatchObject({ status: 400, error: 'bad_request', field: 'eventId' });
    expect(failure(() => checkBody(QueueJoin, {}))).toMatchObject({ status: 400, field: 'eventId', message: '"eventId" is required.' });
    expect(failure(() => checkBody(QueueJoin, 'text'))).toMatchObject({ status: 400, message: 'The body must be a JSON object.' });
    expect(failure(() => checkBody(HoldBySeats, { seatIds: [1, 2] }))).toMatchObject({ status: 400, field: 'seatIds' });
    expect(failure(() => checkBody(HoldBySection, { section: 'Main', quantity: '2' }))).toMatchObject({ status: 400, field: 'quantity' });
    expect(failure(() => checkBody(OrderCreate, { holdId: 'h', buyer: 'me', payment: { token: 't' } }))).toMatchObject({
      status: 400,
      field: 'buyer',
    });
    expect(failure(() => checkBody(EventCreate, { ...event, maxPerOrder: 'eight' }))).toMatchObject({ status: 400, field: 'maxPerOrder' });
    expect(failure(() => checkBody(EventCreate, { ...event, waitingRoom: [] }))).toMatchObject({ status: 400, field: 'waitingRoom' });
  });

  it('answers unacceptable values with 422 invalid', () => {
    const cases: [unknown, unknown, string][] = [
      [HoldBySeats, { seatIds: [] }, 'seatIds'],
      [HoldBySeats, { seatIds: ['a', 'a'] }, 'seatIds'],
      [HoldBySeats, { seatIds: Array.from({ length: 51 }, (_, i) => `s${i}`) }, 'seatIds'],
      [HoldBySection, { section: 'Main', quantity: -1 }, 'quantity'],
      [HoldBySection, { section: 'Main', quantity: 2.5 }, 'quantity'],
      [HoldBySection, { section: '   ', quantity: 2 }, 'section'],
      [QueueJoin, { eventId: 'e', fanKey: 'k'.repeat(129) }, 'fanKey'],
      [QueueJoin, { eventId: 'e', fanKey: '1' }, 'fanKey'],
      [QueueJoin, { eventId: 'e', fanKey: 'k'.repeat(15) }, 'fanKey'],
      [OrderCreate, { holdId: 'h', buyer: { name: 'A', email: 'nope' }, payment: { token: 't' } }, 'email'],
      [EventCreate, { ...event, category: 'opera' }, 'category'],
      [EventCreate, { ...event, startsAt: 'soon' }, 'startsAt'],
      [EventCreate, { ...event, prices: { Main: -1 } }, 'prices'],
      [EventCreate, { ...event, waitingRoom: { maxActive: -3 } }, 'maxActive'],
      [EventPatch, { status: 'open' }, 'status'],
      [GatePatch, { paused: 'yes' }, 'paused'],
      [VenueCreate, { name: 'V', city: 'C', sections: [] }, 'sections'],
      [VenueCreate, { name: 'V', city: 'C', sections: [{ name: 'A', rows: 0, seatsPerRow: 5 }] }, 'rows'],
    ];
    for (const [schema, body, field] of cases) {
      expect([body, failure(() => checkBody(schema as never, body))]).toEqual([
        body,
        expect.objectContaining({ status: 422, error: 'invalid', field }),
      ]);
    }
    expect(failure(() => checkBody(EventPatch, { venueId: 'v-2', city: 'X' }))).toMatchObject({ status: 422, fields: ['venueId', 'city'] });
    expect(failure(() => checkBody(GatePatch, { paused: true, speed: 2 }))).toMatchObject({ status: 422, fields: ['speed'] });
    expect(failure(() => checkBody(GatePatch, JSON.parse('{"__proto__": {"paused": "yes"}}')))).toMatchObject({
      status: 422,
      fields: ['__proto__'],
    });
  });

  it('trims what it always trimmed, lower-cases the category, and gives times in UTC', () => {
    const body = checkBody(EventCreate, {
      ...event,
      name: '  Gig ',
      category: ' Music',
      startsAt: '2030-01-01T21:00:00+01:00',
      performers: [' A '],
    });
    expect(body).toMatchObject({ name: 'Gig', category: 'music', startsAt: '2030-01-01T20:00:00.000Z', performers: [' A '] });
    expect(checkBody(QueueJoin, { eventId: ' e-1 ', fanKey: null })).toEqual({ eventId: 'e-1', fanKey: null });
    expect(checkBody(HoldBySeats, { seatIds: [' s '] }).seatIds).toEqual([' s ']);
    expect(checkBody(EventPatch, { holdSeconds: null, description: '  ' })).toEqual({ holdSeconds: null, description: '' });
  });
});

describe('checkQuery', () => {
  const query = (text: string) => checkQuery(EventListQuery, new URLSearchParams(text));
  it('reads whole numbers, leaves out empty values, and refuses the rest', () => {
    expect(query('limit=5&offset=&category=MUSIC')).toEqual({ limit: 5, category: 'music' });
    expect(failure(() => query('limit=ten'))).toMatchObject({ status: 400, field: 'limit' });
    expect(failure(() => query('limit=1.5'))).toMatchObject({ status: 400, field: 'limit' });
    expect(failure(() => query('limit=101'))).toMatchObject({ status: 422, field: 'limit' });
    expect(failure(() => query('offset=-1'))).toMatchObject({ status: 422, field: 'offset' });
    expect(failure(() => query(`city=${'x'.repeat(201)}`))).toMatchObject({ status: 422, field: 'city' });
  });
});
