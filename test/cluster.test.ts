// Three Harper nodes joined by Harper's native replication: the catalog and
// the seats replicate to every node, each event records its owner, and a
// purchase made on the owner shows in browse and seat maps on every node
// within a second. (Forwarding changes to the owner comes next.)
import { describe, expect, it } from 'vitest';
import { ADMIN } from './harness.js';
import { clusterForSuite } from './cluster.js';

const cluster = clusterForSuite(3);

function soldIn(map: any, seatIds: string[]): boolean {
  const status = new Map<string, string>();
  for (const section of map.sections) for (const row of section.rows) for (const seat of row.seats) status.set(seat.id, seat.status);
  return seatIds.every((id) => status.get(id) === 'sold');
}

describe('a cluster of three nodes', () => {
  it('replicates a new event to every node, owned by the node that made it, and each node names itself', async () => {
    const event = await cluster.apis[0].createEvent();
    expect(event.owner).toBe('node-1');
    for (const [i, api] of cluster.apis.entries()) {
      const page = await waitForStatus(() => api.get(`/events/${event.id}`), 200, 5000);
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
    const event = await owner.createEvent();
    for (const api of cluster.apis) await waitForStatus(() => api.get(`/seatmap/${event.id}`), 200, 5000);
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

async function waitForStatus<T extends { status: number }>(call: () => Promise<T>, status: number, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await call();
    if (answer.status === status || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
