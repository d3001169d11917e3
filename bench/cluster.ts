// npm run bench:cluster — three Harper nodes on this machine (one worker
// thread each, all sharing its cores), one event owned by node-1, and each
// kind of call made through node-1 alone, through node-2 alone and through
// all three at once: browse, the seat map, joins (the gate paused, so every
// fan keeps a place; each node keeps the joins it receives and node-1 places
// them, counted until it has) and holds (each released again; node-2
// forwards them to node-1). The three nodes share the machine, so requests
// per second through three nodes cannot beat one: what this measures is
// Harper's CPU per request on each node (from /proc), which says what each
// node would cost on a machine of its own, and what a call made through
// another node costs it and the owner. While holds run through node-1, a
// probe holds a seat every 200 ms and times how long its hold takes to
// appear on node-2 and node-3: the replication lag under load.
import { Agent, request as httpRequest } from 'node:http';
import { client, type Api } from '../test/client.js';
import { startCluster, stopAll } from '../test/clusterNodes.js';
import { ADMIN, type Harper } from '../test/harness.js';
import { cpuMeter, latencyLine, machine } from './common.js';
import { measured } from './measure.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** which parts to run: reads (browse and seat map), joins, holds */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'reads,joins,holds').split(','));
const CONNECTIONS = 120;
const HOLDERS = 120;

const agent = new Agent({ keepAlive: true, maxSockets: HOLDERS });

/** One request over a keep-alive connection (cheaper for the load generator than fetch). */
function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      `${url}${path}`,
      { method, agent, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface Load {
  answered: number;
  statuses: Record<string, number>;
  latencies: number[];
}

/** CPU ms per answered request on each node while `run` loads the nodes `through`. */
async function perNode(nodes: Harper[], run: () => Promise<Load>) {
  const meters = nodes.map((node) => cpuMeter(node));
  const load = await run();
  const cpu = meters.map((meter) => meter().server ?? Number.NaN);
  const perRequest = cpu.map((seconds) => (seconds * 1000) / Math.max(1, load.answered));
  return { load, perRequest };
}

function report(label: string, through: string, { load, perRequest }: Awaited<ReturnType<typeof perNode>>) {
  const cpu = perRequest.map((ms, i) => `node-${i + 1} ${ms.toFixed(2)}`).join(', ');
  const total = perRequest.reduce((sum, ms) => sum + ms, 0);
  console.log(
    `${label} through ${through}: ${(load.answered / SECONDS).toFixed(0)} req/s; ${latencyLine(load.latencies)}; ` +
      `answers ${JSON.stringify(load.statuses)}; Harper CPU ms per request: ${cpu} (all nodes ${total.toFixed(2)})`,
  );
}

/** autocannon on the nodes `through` at once, the connections shared among them. */
async function cannon(nodes: Harper[], through: number[], options: (node: Harper) => Record<string, unknown>): Promise<Load> {
  const runs = await Promise.all(
    through.map((i) => measured({ ...options(nodes[i]), connections: Math.round(CONNECTIONS / through.length), duration: SECONDS })),
  );
  const statuses: Record<string, number> = {};
  for (const run of runs) for (const [status, n] of Object.entries(run.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  return { answered: Object.values(statuses).reduce((a, b) => a + b, 0), statuses, latencies: runs.flatMap((run) => run.latencies) };
}

/** How long after the load the owner's figures count `joined` fans waiting (the ticker placed them all). */
async function placedWithin(owner: Api, eventId: string, joined: number): Promise<string> {
  const started = performance.now();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const gate = await owner.get(`/gate/${eventId}`, { Authorization: ADMIN });
    if (gate.body.waiting >= joined) return `${((performance.now() - started) / 1000).toFixed(1)} s after the load`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const gate = (await owner.get(`/gate/${eventId}`, { Authorization: ADMIN })).body;
  return `not within 60 s of the load (${gate.waiting} of ${joined} counted waiting; ticker ${JSON.stringify(gate.ticker)})`;
}

/** Admitted fans hold a seat and release it, again and again, each through its node. */
async function holdLoop(fans: { url: string; token: string }[]): Promise<Load> {
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    fans.map(async ({ url, token }) => {
      while (Date.now() < end) {
        const started = performance.now();
        const hold = await call(
          url,
          'POST',
          '/holds/',
          { section: `S${Math.floor(Math.random() * 10)}`, quantity: 1 },
          { 'admission-token': token },
        );
        latencies.push(performance.now() - started);
        statuses[hold.status] = (statuses[hold.status] ?? 0) + 1;
        if (hold.status === 201) await call(url, 'DELETE', `/holds/${hold.body.holdId}`);
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }),
  );
  return { answered: statuses[201] ?? 0, statuses, latencies };
}

/** While `during` runs: a hold through the owner every 200 ms, and how long until node-2 and node-3 have it. */
async function replicationLag(owner: Api, token: string, peers: Api[], during: Promise<unknown>): Promise<number[]> {
  const lags: number[] = [];
  let running = true;
  during.finally(() => (running = false));
  while (running) {
    const hold = await owner.hold(token, { section: 'S0', quantity: 1 });
    const at = performance.now();
    if (hold.status === 201) {
      await Promise.all(
        peers.map(async (peer) => {
          while (
            (
              await peer.operation({
                operation: 'search_by_id',
                database: 'data',
                table: 'Hold',
                ids: [hold.body.holdId],
                get_attributes: ['id'],
              })
            ).length === 0
          ) {
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
          lags.push(performance.now() - at);
        }),
      );
      await owner.delete(`/holds/${hold.body.holdId}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return lags;
}

const nodes = await startCluster(3, () => ({ threads: 1, env: { HARPER_LOG_LEVEL: 'error' } }));
const apis = nodes.map((node) => client(node));
try {
  console.log(`bench:cluster on ${machine()}, 3 nodes of 1 worker thread each, ${CONNECTIONS} connections, ${SECONDS} s each`);
  const makeEvent = async (paused: boolean) => {
    const sections = Array.from({ length: 10 }, (_, i) => ({ name: `S${i}`, rows: 25, seatsPerRow: 40 }));
    const waitingRoom = { maxActive: 5000, admitPerMinute: 100_000, tokenSeconds: 3600 };
    const event = await apis[0].createEvent({ sections, event: { owner: 'node-1', waitingRoom, holdSeconds: 600 } });
    if (paused) await apis[0].patch(`/gate/${event.id}`, { paused: true }, { Authorization: ADMIN });
    for (const api of apis) while ((await api.get(`/events/${event.id}`)).status !== 200) await new Promise((r) => setTimeout(r, 50));
    return event.id as string;
  };
  const eventId = await makeEvent(false);
  const ways: [string, number[]][] = [
    ['node-1 (the owner)', [0]],
    ['node-2 (not the owner)', [1]],
    ['all three', [0, 1, 2]],
  ];

  for (const [label, path] of !PARTS.has('reads')
    ? []
    : ([
        ['GET /events/?limit=20', () => '/events/?limit=20'],
        ['GET /seatmap/{id}', () => `/seatmap/${eventId}`],
      ] as const)) {
    for (const [through, which] of ways) {
      report(label, through, await perNode(nodes, () => cannon(nodes, which, (node) => ({ url: `${node.url}${path()}` }))));
    }
  }

  for (const [through, which] of PARTS.has('joins') ? ways : []) {
    const lineId = await makeEvent(true);
    const join = (node: Harper) => ({
      url: `${node.url}/queue/`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventId: lineId }),
    });
    // counted until the owner has placed every ticket: a join through another node costs the owner its placement later
    const measuredJoins = await perNode(nodes, async () => {
      const load = await cannon(nodes, which, join);
      console.log(`  every join placed by the owner ${await placedWithin(apis[0], lineId, load.statuses['201'] ?? 0)}`);
      return load;
    });
    report('POST /queue/', through, measuredJoins);
  }

  if (PARTS.has('holds')) {
    const tokens = await Promise.all(
      Array.from({ length: HOLDERS + 1 }, async () => (await apis[0].admitted(eventId, undefined, 60_000)).token),
    );
    const probeToken = tokens.pop() as string;
    for (const [through, which] of ways) {
      const fans = tokens.map((token, i) => ({ url: nodes[which[i % which.length]].url, token }));
      let lags: Promise<number[]> | undefined;
      const measuredHolds = await perNode(nodes, () => {
        const holds = holdLoop(fans);
        if (which.length === 1 && which[0] === 0) lags = replicationLag(apis[0], probeToken, apis.slice(1), holds);
        return holds;
      });
      report('POST /holds/ (+ its DELETE)', through, measuredHolds);
      if (lags)
        console.log(`replication lag of a hold made on node-1 under that load, until node-2 / node-3 have it: ${latencyLine(await lags)}`);
    }
  }
} finally {
  await stopAll(nodes);
}
