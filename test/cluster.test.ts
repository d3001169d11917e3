// Three Harper nodes joined by Harper's native replication: the catalog and
// the seats replicate to every node, each event records its owner, and a
// purchase made on the owner shows in browse and seat maps on every node
// within a second; a change received by any node is carried out by the owner.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import autocannon from 'autocannon';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN } from './harness.js';
import { clusterForSuite, visibleOnEveryNode } from './cluster.js';
import { lastRead } from './client.js';
import { fingerprint } from '../lib/fingerprint.js';

const cluster = clusterForSuite(3);

function soldIn(map: any, seatIds: string[]): boolean {
  const status = new Map<string, string>();
  for (const section of map.sections) for (const row of section.rows) for (const seat of row.seats) status.set(seat.id, seat.status);
  return seatIds.every((id) => status.get(id) === 'sold');
}

describe('a cluster of three nodes', () => {
  it('gives each new event to the connected node that owns the fewest, and GET /cluster shows them', async () => {
    const [first, second] = cluster.apis;
    const owners = [];
    for (let i = 0; i < 3; i++) owners.push((await first.createEvent()).owner);
    expect(owners[0]).toBe('node-1'); // a tie goes to the node that received the call
    expect([...owners].sort()).toEqual(['node-1', 'node-2', 'node-3']);

    expect((await second.get('/cluster')).status).toBe(401);
    // node-2 counts owners from its replicated copy of the events: wait for the three to arrive
    let view = await second.get('/cluster', { Authorization: ADMIN });
    for (const deadline = Date.now() + 5000; Date.now() < deadline && Object.keys(view.body.owners ?? {}).length < 3; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      view = await second.get('/cluster', { Authorization: ADMIN });
    }
    expect(view.status).toBe(200);
    expect(view.body.node).toBe('node-2');
    expect(view.body.nodes.map((node: { name: string }) => node.name).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    for (const node of view.body.nodes) {
      expect(node.connected).toBe(true);
      expect(node.url).toMatch(/^http:/);
    }
    expect(view.body.owners).toEqual({ 'node-1': 1, 'node-2': 1, 'node-3': 1 });
    expect(view.body.conflicts).toEqual([]);
  });

  it('replicates a new event to every node, owned by the node named, and each node names itself', async () => {
    const event = await cluster.apis[0].createEvent({ event: { owner: 'node-1' } });
    expect(event.owner).toBe('node-1');
    for (const [i, api] of cluster.apis.entries()) {
      const page = await lastRead(
        () => api.get(`/events/${event.id}`),
        (answer) => answer.status === 200,
        5000,
      );
      expect(page.body.owner).toBe('node-1');
      expect(page.headers.get('served-by')).toBe(`node-${i + 1}`);
    }
  });

  it('lets the organizer name the owner, and only a node of the cluster', async () => {
    const named = await cluster.apis[0].createEvent({ event: { owner: 'node-2' } });
    expect(named.owner).toBe('node-2');
    const venue = await cluster.apis[0].post(
      '/venues/',
      { name: 'V', city: 'C', address: 'A', sections: [{ name: 'Main', rows: 1, seatsPerRow: 2 }] },
      { Authorization: ADMIN },
    );
    const refused = await cluster.apis[0].post(
      '/events/',
      {
        name: 'Nowhere',
        category: 'music',
        venueId: venue.body.id,
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        onSaleAt: new Date(Date.now() - 60_000).toISOString(),
        prices: { Main: 1000 },
        owner: 'node-9',
      },
      { Authorization: ADMIN },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.field).toBe('owner');
  });

  it('shows a purchase made on the owner in the seat map and the event page of every node within a second', async () => {
    const owner = cluster.apis[0];
    const event = await owner.createEvent({ event: { owner: 'node-1' } });
    for (const api of cluster.apis)
      await lastRead(
        () => api.get(`/seatmap/${event.id}`),
        (answer) => answer.status === 200,
        5000,
      );
    const ticket = await owner.admitted(event.id);
    const seatIds = [`${event.id}:0-1-1`, `${event.id}:0-1-2`];
    const hold = await owner.hold(ticket.token, { seatIds });
    expect(hold.status).toBe(201);
    const order = await owner.order(hold.body.holdId, 'cluster-1');
    expect(order.status).toBe(201);
    const bought = Date.now();
    const seen = await Promise.all(
      cluster.apis.map(async (api) => {
        for (;;) {
          const [map, page] = await Promise.all([api.get(`/seatmap/${event.id}`), api.get(`/events/${event.id}`)]);
          const sold = page.body.sections.reduce((sum: number, section: { sold: number }) => sum + section.sold, 0);
          if (soldIn(map.body, seatIds) && sold === 2) return Date.now() - bought;
          if (Date.now() - bought > 5000) return Number.POSITIVE_INFINITY;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }),
    );
    for (const ms of seen) expect(ms).toBeLessThanOrEqual(1000);
  });
});

describe('changes through any node', () => {
  it("are forwarded to the event's owner, and its answers relayed as they are", async () => {
    const [first, second, third] = cluster.apis;
    const event = await first.createEvent({ event: { owner: 'node-1' } });
    await visibleOnEveryNode(cluster, event.id);

    const joined = await second.post('/queue/', { eventId: event.id });
    expect(joined.status).toBe(201);
    const ticket = await third.waitForAdmission(joined.body.ticketId);
    const seatIds = [`${event.id}:0-1-1`];
    // the caller's trace goes on with the forwarded call: the owner logs the hold with its id
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const hold = await third.post(
      '/holds/',
      { seatIds },
      { 'Admission-Token': ticket.token, traceparent: `00-${traceId}-b7ad6b7169203331-01` },
    );
    expect(hold.status).toBe(201);
    expect(hold.headers.get('forwarded-to')).toBe('node-1');
    const ownerLog = readFileSync(join(cluster.nodes[0].dataDir, 'root', 'log', 'events.log'), 'utf8').split('\n');
    const holdRef = fingerprint(hold.body.holdId);
    const logged = ownerLog
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((line) => line.holdRef === holdRef);
    expect(logged).toMatchObject({ event: 'hold.created', requestId: traceId });
    const order = await second.order(hold.body.holdId, 'forwarded-1');
    expect(order.status).toBe(201);
    expect(order.headers.get('forwarded-to')).toBe('node-1');

    // the owner answers for itself; its errors come back unchanged through another node
    const mine = await first.get(`/orders/${order.body.orderId}`);
    expect(mine.body.status).toBe('confirmed');
    expect(mine.headers.get('forwarded-to')).toBeNull();
    const again = await third.hold(ticket.token, { seatIds: [`${event.id}:0-1-2`] });
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('token_revoked');
    expect(again.headers.get('forwarded-to')).toBe('node-1');

    // a caller cannot pose as a cluster node to be served where it lands
    const posing = await second.get(`/holds/${hold.body.holdId}`, { 'x-ticketing-cluster-hop': 'a guess' });
    expect(posing.headers.get('forwarded-to')).toBe('node-1');
  });
});

describe('joins', () => {
  it('are kept by the node that receives them and placed in line by the owner, in the order it hears of them', async () => {
    const [first, second, third] = cluster.apis;
    // near the head: fewer ahead than the cap (1) plus ten seconds of admissions (1)
    const event = await first.createEvent({ event: { owner: 'node-1', waitingRoom: { maxActive: 1, admitPerMinute: 6 } } });
    await visibleOnEveryNode(cluster, event.id);
    expect((await second.patch(`/gate/${event.id}`, { paused: true }, { Authorization: ADMIN })).status).toBe(200);

    const joins: string[] = [];
    for (const api of [first, first, second, third, second]) {
      const joined = await api.post('/queue/', { eventId: event.id });
      expect(joined.status).toBe(201);
      expect(joined.headers.get('forwarded-to')).toBeNull();
      joins.push(joined.body.ticketId as string);
      await new Promise((resolve) => setTimeout(resolve, 100)); // one join reaches the owner before the next
    }
    // every node knows every ticket's exact place
    const positions = await lastRead(
      () => Promise.all(joins.map(async (id) => (await third.get(`/queue/${id}`)).body.position)),
      (found) => found.join() === '1,2,3,4,5',
      5000,
    );
    expect(positions).toEqual([1, 2, 3, 4, 5]);
    // a fan near the head reads its ticket from the owner, one further back from the node it asks
    expect((await third.get(`/queue/${joins[0]}`)).headers.get('forwarded-to')).toBe('node-1');
    const farBack = await third.get(`/queue/${joins[4]}`);
    expect([farBack.body.position, farBack.headers.get('forwarded-to')]).toEqual([5, null]);

    // admission follows the line, whichever node each fan joined through
    expect(
      (await third.patch(`/gate/${event.id}`, { paused: false, maxActive: 3, admitPerMinute: 600 }, { Authorization: ADMIN })).status,
    ).toBe(200);
    const admitted = await Promise.all(joins.slice(0, 3).map((id) => second.waitForAdmission(id)));
    expect(admitted.every((ticket) => typeof ticket.token === 'string')).toBe(true);
    const later = async () => Promise.all(joins.slice(3).map(async (id) => (await first.get(`/queue/${id}`)).body));
    const moved = await lastRead(later, (tickets) => tickets.every((ticket, i) => ticket.position === i + 1), 3000);
    expect(moved.map((ticket) => [ticket.state, ticket.position])).toEqual([
      ['waiting', 1],
      ['waiting', 2],
    ]);
  });
});

describe('a burst of joins through every node', () => {
  it('places every ticket, and no node hits the replication fault that stops its writes', async () => {
    const [first] = cluster.apis;
    const event = await first.createEvent({ event: { owner: 'node-1' } });
    await visibleOnEveryNode(cluster, event.id);
    expect((await first.patch(`/gate/${event.id}`, { paused: true }, { Authorization: ADMIN })).status).toBe(200);
    // joins from three nodes at once: each node that announced its joins on the event's
    // QueueChange topic sent the owner messages out of order, and Harper 4.7.29's
    // applying of an out-of-order message threw inside a commit, after which that thread
    // refused every write ("too long of queue"); seen in 2 of 5 such bursts
    const runs = await Promise.all(
      cluster.nodes.map((node) =>
        autocannon({
          url: `${node.url}/queue/`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ eventId: event.id }),
          connections: 20,
          duration: 5,
        }),
      ),
    );
    const joined = runs.reduce((sum, run) => sum + run['2xx'], 0);
    expect(runs.map((run) => run.non2xx)).toEqual([0, 0, 0]);
    // a join in flight when the load stopped is stored though its answer was not counted: at least every one answered
    const waiting = await lastRead(
      async () => (await first.get(`/gate/${event.id}`, { Authorization: ADMIN })).body.waiting as number,
      (count) => count >= joined,
      30_000,
    );
    expect(waiting).toBeGreaterThanOrEqual(joined);
    // and those in flight too, within the owner's next sweeps
    const unplaced = await lastRead(
      () => first.records('QueueTicket', 'unplaced', event.id),
      (found) => found.length === 0,
      5000,
    );
    expect(unplaced).toEqual([]);
    for (const node of cluster.nodes) {
      const log = readFileSync(join(node.dataDir, 'root', 'log', 'hdb.log'), 'utf8');
      expect(log).not.toMatch(/rebuildUpdateBefore|too long of queue/);
    }
  }, 90_000);
});

describe('the waiting room', () => {
  it("shows on every node: the owner's gate figures reach every event page", async () => {
    const [first, second, third] = cluster.apis;
    const event = await first.createEvent({ event: { owner: 'node-1' } });
    await visibleOnEveryNode(cluster, event.id);
    const paused = await second.patch(`/gate/${event.id}`, { paused: true }, { Authorization: ADMIN });
    expect(paused.status).toBe(200);
    expect(paused.headers.get('forwarded-to')).toBe('node-1');
    for (let i = 0; i < 3; i++) expect((await first.post('/queue/', { eventId: event.id })).status).toBe(201);
    const deadline = Date.now() + 5000;
    let waiting: number[] = [];
    while (Date.now() < deadline) {
      const pages = await Promise.all([second, third].map((api) => api.get(`/events/${event.id}`)));
      waiting = pages.map((page) => page.body.waitingRoom.waiting);
      if (waiting.every((count) => count === 3)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(waiting).toEqual([3, 3]);
  });
});

describe('a fan on another node', () => {
  const clients: MqttClient[] = [];
  afterAll(() => Promise.all(clients.map((client) => client.endAsync(true))));

  /** An MQTT subscriber on node-3 to one topic, and the messages it gets. */
  async function listenOnThird(topic: string) {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${cluster.nodes[2].mqttPort}`, { reconnectPeriod: 0 });
    clients.push(client);
    const messages: any[] = [];
    client.on('message', (_, payload) => messages.push(JSON.parse(payload.toString())));
    await client.subscribeAsync(topic, { qos: 1 });
    return async (type: string, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = messages.find((message) => message.type === type);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no ${type} message on ${topic}: ${JSON.stringify(messages)}`);
    };
  }

  it('hears its admission and a waitlist offer made by node-1, the owner', async () => {
    const [first, second] = cluster.apis;
    const event = await first.createEvent({
      sections: [{ name: 'Main', rows: 1, seatsPerRow: 1 }],
      event: { waitingRoom: { maxActive: 1 }, owner: 'node-1' },
    });
    await visibleOnEveryNode(cluster, event.id);
    const ahead = await first.admitted(event.id);
    const mine = await second.post('/queue/', { eventId: event.id });
    const next = await listenOnThird(`notifications/${mine.body.ticketId}`);
    expect((await next('position')).position).toBe(1);
    await first.delete(`/queue/${ahead.ticketId}`);
    expect((await next('admitted')).token).toEqual(expect.any(String));

    // sold out: the fan waits on the waitlist, and a cancellation on the owner brings the offer
    const buyer = await first.waitForAdmission(mine.body.ticketId);
    const hold = await first.hold(buyer.token, { section: 'Main', quantity: 1 });
    const order = await first.order(hold.body.holdId);
    expect(order.status).toBe(201);
    const waiting = await lastRead(
      () => second.post('/waitlist/', { eventId: event.id, quantity: 1 }),
      (answer) => answer.status === 201,
      3000,
    );
    expect(waiting.status).toBe(201);
    const offers = await listenOnThird(`notifications/${waiting.body.waitlistId}`);
    await offers('position');
    expect((await first.delete(`/orders/${order.body.orderId}`)).status).toBe(200);
    expect((await offers('offer')).seats).toHaveLength(1);
  });

  it('does not keep an idle turn alive by listening on another node', async () => {
    const [first] = cluster.apis;
    // idle for longer than the 10 s after which reading a ticket counts as a sign of life
    const event = await first.createEvent({ event: { waitingRoom: { checkoutIdleSeconds: 11 }, owner: 'node-1' } });
    await visibleOnEveryNode(cluster, event.id);
    const ticket = await first.admitted(event.id);
    const next = await listenOnThird(`notifications/${ticket.ticketId}`);
    await next('admitted');
    expect(await next('expired', 20_000)).toEqual({ type: 'expired' });
  }, 30_000);
});

describe('an owner that cannot be reached', () => {
  // last in the file: it stops node-3
  it('makes changes to its events answer 503 owner_unavailable, while reads and other events go on', async () => {
    const [first] = cluster.apis;
    const lost = await first.createEvent({ event: { owner: 'node-3' } });
    const kept = await first.createEvent({ event: { owner: 'node-1' } });
    await cluster.nodes[2].stop();

    const refused = await first.post('/waitlist/', { eventId: lost.id, quantity: 1 });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('owner_unavailable');
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect((await first.get(`/events/${lost.id}`)).status).toBe(200);
    // a join waits on the node that took it until the owner (or the node it moves to) places it
    const joined = await first.post('/queue/', { eventId: lost.id });
    expect(joined.status).toBe(201);
    expect(joined.body.state).toBe('waiting');
    expect((await first.post('/queue/', { eventId: kept.id })).status).toBe(201);
  });
});
