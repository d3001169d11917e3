// Limits per client (API.md v1.1): per address across every worker thread,
// and per fanKey, admission token and hold, with 429 rate_limited and
// Retry-After; other clients go on unslowed.
import { describe, expect, it } from 'vitest';
import { freshRequest } from './client.js';
import { harperForSuite } from './suite.js';

const suite = harperForSuite({
  env: {
    TICKETING_RATE_LIMITS: 'joinsPerAddress=12,joinsPerFan=3,holdsPerToken=4,ordersPerHold=2,unknownReadsPerAddress=5,waitlistPerAddress=3',
    // the test's own address is not a proxy: what it says it forwards for is not believed
    TICKETING_TRUSTED_PROXIES: '10.9.9.9',
  },
});

function expectLimited(answer: { status: number; body: any; headers: Headers }) {
  expect([answer.status, answer.body?.error]).toEqual([429, 'rate_limited']);
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('rate limits', () => {
  it('hold one fanKey, one token and one hold to what a person does, and leave other fans alone', async () => {
    const { api } = suite;
    const event = await api.createEvent();
    const fanKey = 'fan-key-of-someone-0001';
    for (let i = 0; i < 3; i++) expect((await api.post('/queue/', { eventId: event.id, fanKey })).status).toBeLessThan(300);
    expectLimited(await api.post('/queue/', { eventId: event.id, fanKey }));

    const ticket = await api.admitted(event.id, 'fan-key-of-another-0002');
    const first = await api.hold(ticket.token, { seatIds: [`${event.id}:0-1-1`] });
    expect(first.status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await api.hold(ticket.token, { seatIds: [`${event.id}:0-1-2`] })).status).toBe(422);
    expectLimited(await api.hold(ticket.token, { seatIds: [`${event.id}:0-1-2`] }));

    const declined = await api.order(first.body.holdId, 'order-1', 'tok_decline');
    expect(declined.status).toBe(402);
    expect((await api.order(first.body.holdId, 'order-2')).status).toBe(201);
    expectLimited(await api.order(first.body.holdId, 'order-3'));
  });

  it('hold one address to its limits on every thread, and count what it claims to forward for only from a trusted proxy', async () => {
    const { api, harper } = suite;
    const event = await api.createEvent();
    const join = () =>
      freshRequest('POST', `${harper.url}/queue/`, JSON.stringify({ eventId: event.id }), {
        'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 250)}`,
      });
    // the first test joined 5 times from this address; 7 more make 12, each over a connection of its own (any thread)
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await join());
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201, 201, 429]);
    expect(JSON.parse(answers[7].text).error).toBe('rate_limited');

    for (let i = 0; i < 3; i++) expect((await api.post('/waitlist/', { eventId: event.id, quantity: 1 })).status).toBe(409);
    expectLimited(await api.post('/waitlist/', { eventId: event.id, quantity: 1 }));
  });

  it('stop an address that keeps reading ids that do not exist', async () => {
    const { api } = suite;
    for (let i = 0; i < 5; i++) expect((await api.get(`/queue/t-guess-${i}`)).status).toBe(404);
    expectLimited(await api.get('/holds/h-guess'));
  });
});
