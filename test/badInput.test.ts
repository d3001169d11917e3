// Bad input gets a JSON error with the right 4xx code, and changes nothing.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Api } from './client.js';
import { ADMIN } from './harness.js';
import { harperForSuite } from './suite.js';

let api: Api;
let event: any;
let token: string;

const suite = harperForSuite({}, async (ready) => {
  ({ api } = ready);
  event = await api.createEvent();
  token = (await api.admitted(event.id)).token;
});

function expectError(answer: { status: number; body: any }, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
}

describe('bad input to holds', () => {
  const seat = (n: number) => `${'x'}:${n}`;

  it('answers each with the right code', async () => {
    const holds = (body: unknown) => api.call('POST', '/holds/', body, { 'Admission-Token': token });
    expectError(await holds('{"seatIds": ['), 400);
    expectError(await holds({ seatIds: 'A1' }), 400);
    expectError(await holds({ seatIds: [1, 2] }), 400);
    expectError(await holds({ seatIds: [] }), 422);
    expectError(await holds({ seatIds: [`${event.id}:0-1-1`, `${event.id}:0-1-1`] }), 422);
    expectError(await holds({ seatIds: Array.from({ length: 9 }, (_, i) => `${event.id}:0-1-${i + 1}`) }), 422);
    expectError(await holds({ seatIds: Array.from({ length: 5000 }, (_, i) => seat(i)) }), 422);
    expectError(await holds({ seatIds: [`${event.id}:9-9-9`] }), 422);
    expectError(await holds({ section: 'Main', quantity: -1 }), 422);
    expectError(await holds({ section: 'Main', quantity: 1e9 }), 422);
    expectError(await holds({ section: 'Main', quantity: '2' }), 400);
    expectError(await holds({ section: 'Nowhere', quantity: 2 }), 422);
    expectError(await holds({ section: 'Main' }), 400);
    expectError(await holds([1, 2, 3]), 400);
    expectError(await holds(JSON.stringify({ seatIds: ['x'.repeat(3 * 1024 * 1024)] })), 413);
  });

  it('answers bad orders and unknown ids', async () => {
    expectError(await api.post('/orders/', '{oops'), 400);
    expectError(await api.post('/orders/', { holdId: 'h-nope', buyer: { name: 'A', email: 'a@b.co' }, payment: { token: 't' } }), 404);
    expectError(await api.post('/orders/', { holdId: 'h-nope', buyer: 'me', payment: { token: 't' } }), 400);
    expectError(await api.post('/orders/', { holdId: 'h-nope', buyer: { name: 'A', email: 'nope' }, payment: { token: 't' } }), 422);
    expectError(await api.get('/holds/h-unknown'), 404);
    expectError(await api.delete('/holds/h-unknown'), 404);
    expectError(await api.get('/orders/o-unknown'), 404);
    expectError(await api.delete('/orders/o-unknown'), 404);
    expectError(await api.get('/queue/t-unknown'), 404);
    expectError(await api.get('/events/e-unknown'), 404);
    expectError(await api.get('/seatmap/e-unknown'), 404);
    expectError(await api.post('/queue/', { eventId: 'e-unknown' }), 404);
    expectError(await api.post('/queue/', { eventId: 42 }), 400);
    expectError(await api.post('/queue/', 'not json'), 400);
  });

  it('takes bodies only as JSON: a form or a body without a type is 415', async () => {
    const send = (headers: Record<string, string>, body: string) =>
      fetch(`${suite.harper.url}/queue/`, { method: 'POST', headers, body }).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    expectError(await send({ 'Content-Type': 'application/x-www-form-urlencoded' }, `eventId=${event.id}`), 415);
    expectError(await send({ 'Content-Type': 'text/plain' }, JSON.stringify({ eventId: event.id })), 415);
    const untyped = await fetch(`${suite.harper.url}/venues/`, {
      method: 'POST',
      headers: { Authorization: ADMIN },
      body: JSON.stringify({ name: 'V', city: 'C', sections: [{ name: 'A', rows: 1, seatsPerRow: 1 }] }),
    });
    expect(untyped.status).toBe(415);
    expectError(await send({ 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify({ eventId: 'e-unknown' })), 404);
  });

  it('cuts a body sent in chunks at 64 KiB: 413 on every POST, and a small chunked body still works', async () => {
    const { url } = suite.harper;
    /** A POST whose body goes out in chunks, with no Content-Length. */
    const chunked = (path: string, body: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = request(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        });
        req.on('error', reject);
        for (let at = 0; at < body.length; at += 16_384) req.write(body.slice(at, at + 16_384));
        req.end();
      });
    const big = (field: string) => JSON.stringify({ eventId: event.id, [field]: 'x'.repeat(3 * 1024 * 1024) });
    expectError(await chunked('/queue/', big('fanKey')), 413);
    expectError(await chunked('/holds/', big('seatIds'), { 'Admission-Token': token }), 413);
    expectError(await chunked('/orders/', big('holdId')), 413);
    expectError(await chunked('/waitlist/', big('section')), 413);
    expectError(await chunked('/venues/', big('name'), { Authorization: ADMIN }), 413);
    const small = await chunked('/queue/', JSON.stringify({ eventId: event.id }));
    expect(small.status).toBe(201);
  });

  it('refuses direct writes to the inventory tables', async () => {
    for (const path of ['/Seat/x', '/Hold/x', '/Order/x', '/QueueTicket/x']) {
      const answer = await api.call('PUT', path, { id: 'x', status: 'available' });
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.status, path).toBeLessThan(500);
    }
    expect((await api.call('PUT', '/notifications/x', { type: 'admitted' })).status).toBeGreaterThanOrEqual(400);
  });

  it('changed nothing', async () => {
    expect(await api.records('Hold', 'eventId', event.id)).toEqual([]);
    expect(await api.records('Order', 'eventId', event.id)).toEqual([]);
    const seats = await api.records('Seat', 'eventId', event.id);
    expect(seats.filter((s) => s.status !== 'available')).toEqual([]);
    // and the fan can still hold normally
    expect((await api.hold(token, { seatIds: [`${event.id}:0-1-1`] })).status).toBe(201);
  });
});
