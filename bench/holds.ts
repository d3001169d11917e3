// npm run bench:holds — 200 connections on one hot event, each an admitted
// fan holding a random seat and releasing it again. Reports successful holds
// and conflicts per second and the latency of POST /holds/ alone, next to a
// plain one-record Harper write (operations API upsert) in the same run, at
// full speed and at 500 requests per second offered.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { ADMIN } from '../test/harness.js';
import { benchHarper, latencyLine, machine, summary } from './common.js';

const CONNECTIONS = 200;
const FANS_PER_CONNECTION = 4;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const SECTIONS = 10;
const ROWS = 25;
const PER_ROW = 40; // 10,000 seats

const { harper, api } = await benchHarper();
try {
  const event = await api.createEvent({
    sections: Array.from({ length: SECTIONS }, (_, i) => ({ name: `S${i}`, rows: ROWS, seatsPerRow: PER_ROW })),
    event: { waitingRoom: { maxActive: CONNECTIONS * FANS_PER_CONNECTION, admitPerMinute: 100000, tokenSeconds: 3600 }, holdSeconds: 600 },
  });
  const tickets = await Promise.all(Array.from({ length: CONNECTIONS * FANS_PER_CONNECTION }, () => api.post('/queue/', { eventId: event.id })));
  const tokens = (await Promise.all(tickets.map((t) => api.waitForAdmission(t.body.ticketId, 60_000)))).map((t) => t.token);
  const randomSeat = () =>
    `${event.id}:${Math.floor(Math.random() * SECTIONS)}-${1 + Math.floor(Math.random() * ROWS)}-${1 + Math.floor(Math.random() * PER_ROW)}`;

  async function holdRun(overallRate?: number) {
    const holdLatencies: number[] = [];
    const counts = { held: 0, conflicts: 0, released: 0, other: 0 };
    const releases: Promise<unknown>[] = [];
    let nextConnection = 0;
    // autocannon prepares a connection's next request before the last answer
    // arrives, so each connection rotates over its own fans (tokens) and a
    // successful hold is released from the answer handler
    const request = {
      setupRequest(req: any, context: any) {
        context.fans ??= tokens.slice((nextConnection++ % CONNECTIONS) * FANS_PER_CONNECTION).slice(0, FANS_PER_CONNECTION);
        context.turn = ((context.turn ?? -1) + 1) % context.fans.length;
        (context.sentAt ??= [])[context.turn] = performance.now();
        return {
          ...req,
          method: 'POST',
          path: '/holds/',
          headers: { 'content-type': 'application/json', 'admission-token': context.fans[context.turn] },
          body: JSON.stringify({ seatIds: [randomSeat()] }),
        };
      },
      onResponse(status: number, body: string, context: any) {
        holdLatencies.push(performance.now() - context.sentAt[context.turn]);
        if (status === 201) {
          counts.held++;
          const release = fetch(`${harper.url}/holds/${JSON.parse(body).holdId}`, { method: 'DELETE' });
          releases.push(release.then((r) => (r.status === 204 ? counts.released++ : counts.other++)));
        } else if (status === 409) counts.conflicts++;
        else counts.other++;
      },
    };
    const result = await autocannon({
      url: harper.url, connections: CONNECTIONS, duration: SECONDS, requests: [request], ...(overallRate ? { overallRate } : {}),
    });
    await Promise.all(releases);
    return { result, holdLatencies, counts };
  }

  async function plainWriteRun(overallRate?: number) {
    await api.operation({ operation: 'create_table', database: 'data', table: 'BenchWrite', primary_key: 'id' }).catch(() => undefined);
    let n = 0;
    return autocannon({
      url: harper.opsUrl,
      connections: CONNECTIONS,
      duration: SECONDS,
      ...(overallRate ? { overallRate } : {}),
      requests: [{
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: ADMIN },
        setupRequest: (req: any) => ({
          ...req,
          body: JSON.stringify({ operation: 'upsert', database: 'data', table: 'BenchWrite', records: [{ id: `r${n++ % 10000}`, n }] }),
        }),
      }],
    });
  }

  console.log(`bench:holds on ${machine()}, Harper threads ${process.env.HARPER_THREADS ?? 'one per core'}, ${CONNECTIONS} connections, ${SECONDS} s each`);
  for (const rate of [undefined, 500]) {
    const label = rate ? `${rate} req/s offered` : 'full speed';
    const plain = await plainWriteRun(rate);
    const holds = await holdRun(rate);
    const perSecond = (n: number) => (n / SECONDS).toFixed(0);
    console.log(`\n[${label}] plain one-record write: ${summary(plain)}`);
    console.log(`[${label}] hold/release mix: ${summary(holds.result)}`);
    console.log(`[${label}] successful holds ${perSecond(holds.counts.held)}/s, conflicts ${perSecond(holds.counts.conflicts)}/s, releases ${perSecond(holds.counts.released)}/s (sent beside autocannon), other answers ${holds.counts.other}`);
    console.log(`[${label}] POST /holds/ latency: ${latencyLine(holds.holdLatencies)}`);
    console.log(`[${label}] hold attempts per second vs plain writes: ${((holds.holdLatencies.length / SECONDS / plain.requests.average) * 100).toFixed(0)}%`);
  }
} finally {
  await harper.stop();
  harper.remove();
}
