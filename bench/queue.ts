// npm run bench:queue — a warm-up (5,000 joins on another event: an on-sale
// meets a server that has been serving, not one whose code was never run;
// BENCH_WARM=0 for a cold start), then a burst of joins (20,000 fans from 500
// connections, as fast as they are answered) on one event, then joins offered at a steady
// 2,000 and then 4,000 a second from 500 connections, 10 s each, then polling. Reports joins
// per second and the latency of POST /queue/ and GET /queue/{id}, and checks
// that no join was lost: every ticket is stored and readable, and the
// positions are exactly 1..N (past 100,000 tickets, those of 20,000 drawn at
// random are distinct and within 1..N); then Harper's memory, the admission
// ticker's pass times during the burst, and what position messages cost
// (bench/lineWatch.ts; BENCH_WATCHERS fans watching, 1,000 by default). The gate is paused so nobody is admitted and
// every fan keeps a place in line. In the burst each connection waits for its
// answer before the next join, so its latency is the queue of 500 joins in
// flight (500 / joins per second on average); the steady phases show the
// latency of a join at a given rate: the target's 2,000 a second, and twice that.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, type Harper } from '../test/harness.js';
import { waitFor } from '../test/client.js';
import { benchHarper, cpuMeter, latencyLine, machine } from './common.js';
import { measured } from './measure.js';
import { positionPushCost, tickerPasses } from './lineWatch.js';

const FANS = Number(process.env.BENCH_FANS ?? 20_000);
const CONNECTIONS = 500;
const POLL_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const JOIN_RATES = (process.env.BENCH_JOIN_RATES ?? '2000,4000').split(',').map(Number);
const WARM_JOINS = Number(process.env.BENCH_WARM ?? 5000);
const FULL_CHECK = 100_000;
const SAMPLE = 20_000;
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 1000);

function sample<T>(items: T[], size: number): T[] {
  const copy = [...items];
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(Math.random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, size);
}

/** Harper's resident memory now and at its peak, from Linux's /proc, and the size of its database file. */
function harperMemory(harper: Harper): string {
  try {
    const pid = readFileSync(join(harper.dataDir, 'root', 'hdb.pid'), 'utf8').trim();
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Math.round(Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1]) / 1024);
    const file = Math.round(statSync(join(harper.dataDir, 'root', 'database', 'data.mdb')).size / 2 ** 20);
    return `${field('VmRSS')} MB resident (${field('RssAnon')} MB of it anonymous: heaps and buffers; the rest pages of the database file), ${field('VmHWM')} MB at its peak; database file ${file} MB`;
  } catch {
    return 'unknown (no /proc)';
  }
}

const { harper, api } = await benchHarper();
try {
  const pausedEvent = async () => {
    const event = await api.createEvent();
    await api.patch(`/gate/${event.id}`, { paused: true }, { Authorization: ADMIN });
    return event;
  };
  const joining = (eventId: string) => ({
    url: `${harper.url}/queue/`,
    connections: CONNECTIONS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ eventId }),
  });
  const warm = WARM_JOINS > 0 ? await measured({ ...joining((await pausedEvent()).id), amount: WARM_JOINS }) : undefined;
  if (warm) await new Promise((resolve) => setTimeout(resolve, 2000)); // its last commits and ticks settle

  const event = await pausedEvent();
  const ticketIds: string[] = [];
  const started = Date.now();
  // every join the same, each acknowledged ticket kept for the checks below
  const join = {
    ...joining(event.id),
    requests: [{ onResponse: (status: number, body: string) => status === 201 && ticketIds.push(JSON.parse(body).ticketId) }],
  };
  // Harper's CPU (all threads) per join: steadier than joins per second on shared cores
  const cpu = cpuMeter(harper);
  const burst = measured({ ...join, amount: FANS });
  const ticker = tickerPasses(api, event.id, burst);
  const joins = await burst;
  const joinSeconds = (joins.lastAnswerAt - started) / 1000;
  const serverCpu = cpu().server;
  const cpuPerJoin = serverCpu === undefined ? undefined : (serverCpu * 1000) / FANS;

  const paced: { rate: number; run: Awaited<ReturnType<typeof measured>> }[] = [];
  for (const rate of JOIN_RATES) paced.push({ rate, run: await measured({ ...join, duration: POLL_SECONDS }, rate) });

  let next = 0;
  const polls = await measured({
    url: harper.url,
    connections: CONNECTIONS,
    duration: POLL_SECONDS,
    requests: [{ method: 'GET', setupRequest: (req: any) => ({ ...req, path: `/queue/${ticketIds[next++ % ticketIds.length]}` }) }],
  });

  // every acknowledged join is stored; every stored ticket (joins still in
  // flight when a steady phase stopped were made but never answered to us)
  // is placed in line and readable, with a distinct position
  // read until the gate counts every stored ticket (the last joins may still be committing)
  let stored: { id: string }[] = [];
  const placed = await waitFor(
    async () => {
      stored = await api.operation({
        operation: 'search_by_value',
        database: 'data',
        table: 'QueueTicket',
        search_attribute: 'eventId',
        search_value: event.id,
        get_attributes: ['id'],
      });
      const gate = (await api.get(`/gate/${event.id}`, { Authorization: ADMIN })).body;
      return gate.waiting === stored.length && gate;
    },
    30_000,
    250,
  ).catch(async () => (await api.get(`/gate/${event.id}`, { Authorization: ADMIN })).body);
  // every ticket's position for up to FULL_CHECK tickets; past that, a random sample's (distinct, within 1..N)
  const checked = stored.length <= FULL_CHECK ? stored : sample(stored, SAMPLE);
  const positions: number[] = [];
  for (let i = 0; i < checked.length; i += 200) {
    const batch = await Promise.all(checked.slice(i, i + 200).map((t) => api.get(`/queue/${t.id}`)));
    for (const answer of batch) positions.push(answer.status === 200 ? answer.body.position : -1);
  }
  positions.sort((a, b) => a - b);
  const permutation =
    checked === stored
      ? positions.every((p, i) => p === i + 1)
      : positions.every((p, i) => p >= 1 && p <= stored.length && (i === 0 || p > positions[i - 1]));
  const memory = harperMemory(harper);
  const pushes = await positionPushCost(harper, api, ticketIds, WATCHERS);
  const ids = new Set(stored.map((t) => t.id));
  // a join refused with 503 (Harper's overload guard) was never acknowledged; every acknowledged one must be here
  const lost = ticketIds.filter((id) => !ids.has(id)).length;

  console.log(`bench:queue on ${machine()}, ${FANS} fans from ${CONNECTIONS} connections`);
  if (warm)
    console.log(`warm-up, ${WARM_JOINS} joins on another event: ${latencyLine(warm.latencies)}; answers ${JSON.stringify(warm.statuses)}`);
  console.log(
    `POST /queue/: ${(FANS / joinSeconds).toFixed(0)} joins/s over ${joinSeconds.toFixed(1)} s (Harper CPU ${cpuPerJoin?.toFixed(2)} ms a join); ${latencyLine(joins.latencies)}; answers ${JSON.stringify(joins.statuses)}, errors ${joins.result.errors}`,
  );
  let pacedJoins = 0;
  for (const { rate, run } of paced) {
    const answered = Object.values(run.statuses).reduce((sum, n) => sum + n, 0);
    pacedJoins += answered;
    console.log(
      `POST /queue/ at ${rate} joins/s offered (spread over each second) for ${POLL_SECONDS} s: ${(answered / POLL_SECONDS).toFixed(0)} joins/s; ` +
        `${latencyLine(run.latencies)}; answers ${JSON.stringify(run.statuses)}, errors ${run.result.errors}`,
    );
  }
  console.log(
    `GET /queue/{id} polling ${POLL_SECONDS} s: ${Math.round(polls.result.requests.average)} req/s; ${latencyLine(polls.latencies)}; answers ${JSON.stringify(polls.statuses)}, errors ${polls.result.errors}`,
  );
  console.log(`gate: ${JSON.stringify({ waiting: placed.waiting, active: placed.active })}`);
  console.log(
    `joins acknowledged (201): ${ticketIds.length} of ${FANS + pacedJoins} answered; tickets stored: ${stored.length} ` +
      `(${stored.length - ticketIds.length + lost} made by joins in flight when a steady phase stopped); acknowledged but lost: ${lost}; ` +
      (checked === stored
        ? `positions of the stored tickets a permutation of 1..${stored.length}: ${permutation}`
        : `positions of ${checked.length} stored tickets drawn at random distinct and within 1..${stored.length}: ${permutation}`),
  );
  console.log(await ticker);
  console.log(pushes);
  console.log(`Harper's memory: ${memory}`);
} finally {
  await harper.stop();
  harper.remove();
}
