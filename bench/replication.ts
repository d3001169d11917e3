// npm run bench:replication — how often Harper's replication loses a
// transaction on a peer. Three nodes on this machine (one worker thread
// each), one event owned by node-1; BENCH_FANS admitted fans, spread over the
// three nodes, each hold a seat and buy it, BENCH_PAY_MS after the hold
// (0: at once, as a script would). Ten seconds after the last purchase, every
// node is asked for every acknowledged hold and order: a record missing on a
// node is a transaction its replication lost (docs/harper.md). Each round is a
// new event; BENCH_ROUNDS rounds.
import { client } from '../test/client.js';
import { startCluster, stopAll } from '../test/clusterNodes.js';
import { machine } from './common.js';

const FANS = Number(process.env.BENCH_FANS ?? 45);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const PAY_MS = Number(process.env.BENCH_PAY_MS ?? 0);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const nodes = await startCluster(3, () => ({ threads: 1, env: { HARPER_LOG_LEVEL: 'error' } }));
const apis = nodes.map((node) => client(node));
try {
  console.log(
    `bench:replication on ${machine()}, 3 nodes of 1 worker thread, ${ROUNDS} rounds of ${FANS} fans, ${PAY_MS} ms from hold to purchase`,
  );
  let [orders, lostOrders, lostRounds] = [0, 0, 0];
  for (let round = 1; round <= ROUNDS; round++) {
    const event = await apis[0].createEvent({
      sections: [{ name: 'Main', rows: 10, seatsPerRow: 10 }],
      event: { waitingRoom: { admitPerMinute: 100_000, maxActive: 1000, tokenSeconds: 3600 }, holdSeconds: 600, owner: 'node-1' },
    });
    for (const api of apis) while ((await api.get(`/events/${event.id}`)).status !== 200) await pause(50);
    const fans = Array.from({ length: FANS }, (_, i) => apis[i % apis.length]);
    const tickets = await Promise.all(fans.map((api) => api.admitted(event.id, undefined, 60_000)));
    const bought: string[] = [];
    await Promise.all(
      fans.map(async (api, i) => {
        await pause(i * 40);
        const hold = await api.hold(tickets[i].token, { section: 'Main', quantity: 1 });
        if (hold.status !== 201) return;
        await pause(PAY_MS);
        const order = await api.order(hold.body.holdId, `pay-${hold.body.holdId}`);
        if (order.status === 201) bought.push(order.body.orderId);
      }),
    );
    await pause(10_000);
    const missing: string[] = [];
    for (const [n, api] of apis.entries()) {
      const stored = new Set((await api.records('Order', 'eventId', event.id)).map((order: { id: string }) => order.id));
      for (const id of bought) if (!stored.has(id)) missing.push(`node-${n + 1} lacks order ${id}`);
    }
    orders += bought.length;
    lostOrders += missing.length;
    if (missing.length) lostRounds++;
    console.log(
      `round ${round}: ${bought.length} orders, ${missing.length} missing on a node${missing.length ? `: ${missing.join('; ')}` : ''}`,
    );
  }
  console.log(
    `${lostOrders} of ${orders * 2} order transactions replicated to a peer never arrived (${lostRounds} of ${ROUNDS} rounds lost at least one)`,
  );
} finally {
  await stopAll(nodes);
}
