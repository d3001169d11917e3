// GET /openapi.json: public, a valid OpenAPI 3.1 document, covering every
// path and method of docs/api.md v1; and the answers the running API really
// gives match the answer schemas the document publishes.
import { readFileSync } from 'node:fs';
import { validate } from '@readme/openapi-parser';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { waitFor } from './client.js';
import { ADMIN } from './harness.js';
import { harperForSuite } from './suite.js';

const suite = harperForSuite({});

/** Every `METHOD /path` cell of the tables of docs/api.md before the v1.1 additions. */
function contractCalls(): string[] {
  const text = readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8');
  const v1 = text.slice(0, text.indexOf('## v1.1 additions'));
  const calls: string[] = [];
  for (const line of v1.split('\n')) {
    const cell = line.startsWith('|') ? line.split('|')[1] : '';
    for (const [, method, path] of cell.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]*)`/g)) calls.push(`${method} ${path}`);
  }
  return calls;
}

describe('GET /openapi.json', () => {
  let document: any;

  it('is served to anyone as JSON, and is a valid OpenAPI 3.1 document', async () => {
    const answer = await suite.api.get('/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    document = answer.body;
    expect(document.openapi).toMatch(/^3\.1\./);
    const result = await validate(structuredClone(document));
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  it('has every path and method of the contract, with organizer calls under auth', () => {
    const calls = contractCalls();
    expect(calls.length).toBeGreaterThanOrEqual(20);
    const missing = calls.filter((call) => {
      const [method, path] = call.split(' ');
      return !document.paths[path]?.[method.toLowerCase()];
    });
    expect(missing).toEqual([]);
    for (const call of ['POST /venues/', 'POST /events/', 'PATCH /events/{eventId}', 'GET /gate/{eventId}', 'PATCH /gate/{eventId}']) {
      const [method, path] = call.split(' ');
      const operation = document.paths[path][method.toLowerCase()];
      expect(operation.security, call).toEqual([{ basicAuth: [] }, { harperToken: [] }]);
      expect(Object.keys(operation.responses), call).toEqual(expect.arrayContaining(['401', '403']));
    }
    expect(document.paths['/holds/'].post.parameters).toContainEqual(
      expect.objectContaining({ name: 'Admission-Token', in: 'header', required: true }),
    );
    expect(document.paths['/orders/'].post.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
  });

  it("leaves Harper's own /openapi to super users", async () => {
    expect((await suite.api.get('/openapi')).status).toBe(403);
  });

  it('describes the answers the API really gives', async () => {
    const { api } = suite;
    const ajv = new Ajv({ strict: false });
    (addFormats as unknown as (ajv: Ajv) => void)(ajv);
    ajv.addSchema(structuredClone(document), 'openapi.json');
    const check = (name: string, body: unknown) => {
      const valid = ajv.validate({ $ref: `openapi.json#/components/schemas/${name}` }, body);
      expect(valid, `${name}: ${JSON.stringify(ajv.errors)}\n${JSON.stringify(body)}`).toBe(true);
    };
    const event = await api.createEvent();
    check('EventDetail', (await api.get(`/events/${event.id}`)).body);
    check('EventList', (await api.get('/events/?limit=5')).body);
    check('SeatMap', (await api.get(`/seatmap/${event.id}`)).body);
    const venue = await api.post(
      '/venues/',
      { name: 'Hall', city: 'Porto', sections: [{ name: 'Main', rows: 1, seatsPerRow: 2 }] },
      { Authorization: ADMIN },
    );
    check('Venue', venue.body);
    check('Gate', (await api.get(`/gate/${event.id}`, { Authorization: ADMIN })).body);
    check('ClusterView', (await api.get('/cluster', { Authorization: ADMIN })).body);
    const { ticketId, token } = await api.admitted(event.id);
    check('QueueTicket', (await api.get(`/queue/${ticketId}`)).body);
    const hold = await api.hold(token, { seatIds: [`${event.id}:0-1-1`] });
    check('Hold', hold.body);
    const order = await api.post('/orders/', {
      holdId: hold.body.holdId,
      buyer: { name: 'A', email: 'a@b.co' },
      payment: { token: 'tok_visa' },
    });
    check('Order', order.body);
    // a sold-out event's waitlist, and the offer its entry shows when the seat comes back
    const tiny = await api.createEvent({ sections: [{ name: 'Main', rows: 1, seatsPerRow: 1 }] });
    const fan = await api.admitted(tiny.id);
    const bought = await api.order((await api.hold(fan.token, { seatIds: [`${tiny.id}:0-1-1`] })).body.holdId);
    expect(bought.status).toBe(201);
    await waitFor(async () => (await api.get(`/events/${tiny.id}`)).body.status === 'sold_out', 2000);
    const entry = await api.post('/waitlist/', { eventId: tiny.id, quantity: 1 });
    expect(entry.status).toBe(201);
    check('WaitlistEntry', entry.body);
    check('Order', (await api.delete(`/orders/${bought.body.orderId}`)).body);
    const offered = await waitFor(async () => {
      const read = await api.get(`/waitlist/${entry.body.waitlistId}`);
      return read.body.offer && read.body;
    }, 10_000);
    check('WaitlistEntry', offered);
    check('Error', (await api.post('/queue/', { eventId: 42 })).body);
    check('Error', (await api.get('/holds/h-unknown')).body);
  });
});
