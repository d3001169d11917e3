// npm run bench:holds — 200 connections on one hot event, each request an
// admitted fan holding a random seat, each successful hold released again.
// Reports successful holds and conflicts per second and the latency of
// POST /holds/ alone, next to a plain one-record Harper write in the same
// run, made two ways: an operations API upsert, and a POST to a Resource that
// writes one record in a transaction, served like a hold (/bench_write/, which
// exists only for benchmarks: resources/benchOnly.ts). At full speed and at
// 500 requests per second offered (spread over each second, and, for
// comparison, in autocannon's aligned seconds: see `offer` in common.ts).
// At full speed it also measures the floor of a hold and its release: the
// records they write, read and written through the seat lock, and nothing else.
//
// How the load is made (and why):
// - autocannon sends every POST /holds/. Fans come from one shared pool: a fan
//   is taken when its hold is sent and goes back to the pool only once it has
//   no hold left (its hold was refused, or released). 8 fans per connection
//   (1,600) leave spares for fans whose release is still on its way. A real
//   fan does not ask for a second hold before the first is released, and the
//   API refuses one (422, the ticket already has an active hold), so a fan
//   that still holds seats is never sent again. The pool is shared rather
//   than kept per connection because autocannon resets a request's context
//   before every request when there is one request template.
// - Releases (DELETE /holds/{id}) are sent beside autocannon, as soon as the
//   hold's answer arrives, over keep-alive node:http connections (up to one
//   per autocannon connection) rather than `fetch`, which costs the load
//   generator, sharing the cores with Harper, about three times the CPU per
//   request (docs/benchmarks.md). A release that fails (not 204) retires its
//   fan: it may still hold its seat.
// - At a set rate, each connection sends its share of the second's requests
//   one after the other at the start of its own second; the connections'
//   seconds are spread ('staggered') or line up ('aligned': a burst of about
//   200 requests at the top of each second).
// - Latency percentiles are measured here, from the moment a request is built
//   (just before it is written) to its answer, for every answer. autocannon's
//   own percentiles count only 2xx answers and, with a rate set, add
//   "coordinated omission" samples at 1 ms steps below each real one (its
//   expected interval is 1/rate rounded up to 1 ms), which pulls them far
//   below what clients saw; they are printed only as autocannon's summary.
import { Agent, request as httpRequest } from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ADMIN } from '../test/harness.js';
import { benchHarper, cpuMeter, latencyLine, machine, offer, summary, type Pacing } from './common.js';

const CONNECTIONS = 200;
const FANS_PER_CONNECTION = Number(process.env.BENCH_FANS_PER_CONNECTION ?? 8);
const FANS = CONNECTIONS * FANS_PER_CONNECTION;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
// "full,500,500/aligned": full speed, then 500 requests per second offered, spread over each second and then aligned
const RATES = (process.env.BENCH_RATES ?? 'full,500,500/aligned').split(',').map((entry) => {
  const [rate, pacing = 'staggered'] = entry.trim().split('/');
  return { rate: rate === 'full' ? undefined : Number(rate), pacing: pacing as Pacing };
});
const PLAIN = process.env.BENCH_PLAIN !== '0';
const FLOOR = process.env.BENCH_FLOOR !== '0';
const WARM_SECONDS = 3;
const SECTIONS = 10;
const ROWS = 25;
const PER_ROW = 40; // 10,000 seats

process.env.TICKETING_BENCH_ENDPOINTS = '1'; // reaches Harper through the harness's environment
const { harper, api } = await benchHarper();
try {
  const event = await api.createEvent({
    sections: Array.from({ length: SECTIONS }, (_, i) => ({ name: `S${i}`, rows: ROWS, seatsPerRow: PER_ROW })),
    event: { waitingRoom: { maxActive: FANS, admitPerMinute: 100000, tokenSeconds: 3600 }, holdSeconds: 600 },
  });
  // all fans join at once, as at an on-sale: Harper may refuse some as
  // overload (503, "exceeded request queue limit"); like a browser, they try again
  let refused = 0;
  const join = async (): Promise<string> => {
    for (let attempt = 1; ; attempt++) {
      const answer = await api.post('/queue/', { eventId: event.id });
      if (answer.status === 201) return answer.body.ticketId;
      if (answer.status !== 503 || attempt >= 10) throw new Error(`join answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      refused++;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  };
  const ticketIds = await Promise.all(Array.from({ length: FANS }, join));
  if (refused) console.log(`${refused} joins of the ${FANS} fans joining at once were refused as overload (503) and tried again`);
  const admitted = await Promise.all(
    ticketIds.map((id) =>
      api.waitForAdmission(id, 60_000).then(
        (ticket) => ticket.token as string,
        (error: Error) => error,
      ),
    ),
  );
  const tokens = admitted.filter((a): a is string => typeof a === 'string');
  const notAdmitted = admitted.filter((a) => typeof a !== 'string') as Error[];
  if (notAdmitted.length) console.log(`${notAdmitted.length} of ${FANS} fans were never admitted, e.g. ${notAdmitted[0].message}`);
  const randomSeat = () =>
    `${event.id}:${Math.floor(Math.random() * SECTIONS)}-${1 + Math.floor(Math.random() * ROWS)}-${1 + Math.floor(Math.random() * PER_ROW)}`;
  const { hostname, port } = new URL(harper.url);
  // fans with no hold, shared by the runs: a fan whose hold went unanswered
  // when a run stopped may still hold a seat, so it never comes back
  const free = [...tokens];
  const releaseAgent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

  /** DELETE /holds/{id} over a kept-alive connection, tried again a few times on 503 (Harper sheds load); resolves with the last status. */
  async function release(holdId: string): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const status = await deleteHold(holdId);
      if (status !== 503 || attempt >= 5) return status;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }

  function deleteHold(holdId: string): Promise<number> {
    return new Promise((resolve) => {
      const req = httpRequest({ agent: releaseAgent, hostname, port, method: 'DELETE', path: `/holds/${holdId}` }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.end();
    });
  }

  async function holdRun(rate: number | undefined, pacing: Pacing, seconds = SECONDS) {
    const holdLatencies: number[] = [];
    // Harper's own time for each answer (its Server-Timing header): the rest of the latency is queueing and the client
    const serverTimes: number[] = [];
    const counts = { held: 0, conflicts: 0, released: 0, releaseFailed: 0, other: 0, poolEmpty: 0 };
    const otherStatuses = new Map<string, { count: number; example: string }>();
    const releases: Promise<unknown>[] = [];
    let next = 0;
    const request = {
      // autocannon builds a connection's next request right after the last
      // answer arrived; the context lives until then, so it carries the fan
      setupRequest(req: any, context: any) {
        let fan = free.shift();
        if (fan === undefined) {
          // every fan is waiting for a release: reuse one (it will answer 422)
          counts.poolEmpty++;
          fan = tokens[next++ % tokens.length];
          context.borrowed = true;
        }
        context.fan = fan;
        context.sentAt = performance.now();
        return {
          ...req,
          method: 'POST',
          path: '/holds/',
          headers: { 'content-type': 'application/json', 'admission-token': fan },
          body: JSON.stringify({ seatIds: [randomSeat()] }),
        };
      },
      onResponse(status: number, body: string, context: any, headers: Record<string, string>) {
        holdLatencies.push(performance.now() - context.sentAt);
        const timing = Object.entries(headers).find(([name]) => name.toLowerCase() === 'server-timing')?.[1];
        const serverTime = /hdb;dur=([\d.]+)/.exec(String(timing ?? ''));
        if (serverTime) serverTimes.push(Number(serverTime[1]));
        const fan: string = context.fan;
        const giveBack = () => {
          if (!context.borrowed) free.push(fan);
        };
        if (status === 201) {
          counts.held++;
          releases.push(
            release(JSON.parse(body).holdId).then((code) => {
              if (code !== 204) {
                counts.releaseFailed++; // the fan may still hold its seat: it sits out the rest of the benchmark
                return;
              }
              counts.released++;
              giveBack();
            }),
          );
          return;
        }
        if (status === 409) counts.conflicts++;
        else {
          counts.other++;
          let code = '';
          try {
            code = JSON.parse(body).error ?? '';
          } catch {
            // not JSON
          }
          const key = `${status} ${code}`.trim();
          const seen = otherStatuses.get(key);
          if (seen) seen.count++;
          else otherStatuses.set(key, { count: 1, example: body.slice(0, 200) });
        }
        giveBack();
      },
    };
    const cpu = cpuMeter(harper);
    // the load generator's own stalls add to every latency it measures
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    stalls.enable();
    const result = await offer({ url: harper.url, connections: CONNECTIONS, duration: seconds, requests: [request] }, rate, pacing);
    await Promise.all(releases);
    stalls.disable();
    const used = cpu();
    return { result, holdLatencies, serverTimes, stalls, counts, otherStatuses, clientCpu: used.client, serverCpu: used.server };
  }

  await api.operation({ operation: 'create_table', database: 'data', table: 'BenchWrite', primary_key: 'id' }).catch(() => undefined);
  const plainWrites = {
    'operations API upsert': {
      url: harper.opsUrl,
      headers: { 'content-type': 'application/json', authorization: ADMIN },
      body: (id: string, n: number) => JSON.stringify({ operation: 'upsert', database: 'data', table: 'BenchWrite', records: [{ id, n }] }),
    },
    'POST /bench_write/': {
      url: `${harper.url}/bench_write/`,
      headers: { 'content-type': 'application/json' },
      body: (id: string, n: number) => JSON.stringify({ id, n }),
    },
  };
  type PlainWay = keyof typeof plainWrites;
  type Writes = (typeof plainWrites)[PlainWay];
  // a hold writes its seat, itself and its ticket; a release its seat and itself (checkout/holds.ts)
  const lockedWrites = (records: number): Writes => ({
    ...plainWrites['POST /bench_write/'],
    body: (id: string, n: number) => JSON.stringify({ id, n, records, locked: true }),
  });
  const floorSteps = { hold: lockedWrites(3), release: lockedWrites(2) };

  async function plainWriteRun({ url, headers, body }: Writes, rate: number | undefined, pacing: Pacing, seconds = SECONDS) {
    let n = 0;
    const latencies: number[] = [];
    const cpu = cpuMeter(harper);
    const result = await offer(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            headers,
            setupRequest: (req: any, context: any) => {
              context.sentAt = performance.now();
              n++;
              return { ...req, body: body(`r${n % 10000}`, n) };
            },
            onResponse: (_status: number, _body: string, context: any) => latencies.push(performance.now() - context.sentAt),
          },
        ],
      },
      rate,
      pacing,
    );
    const used = cpu();
    return { result, latencies, clientCpu: used.client, serverCpu: used.server };
  }

  type WriteRun = Awaited<ReturnType<typeof plainWriteRun>>;
  /** Harper's CPU (all threads) per request of a run, in ms; undefined off Linux. */
  const msPerRequest = (run: WriteRun) => (run.serverCpu === undefined ? undefined : (run.serverCpu * 1000) / run.result.requests.total);
  /** The floor's pairs per second (a hold's records, then a release's, on the same cores) and CPU per pair, against the plain writes. */
  function reportFloor(label: string, floor: Record<'hold' | 'release', WriteRun>, plains: { way: PlainWay; run: WriteRun }[]) {
    const rate = (run: WriteRun): number => run.result.requests.average;
    const pairs = 1 / (1 / rate(floor.hold) + 1 / rate(floor.release));
    const [holdCpu, releaseCpu] = [msPerRequest(floor.hold), msPerRequest(floor.release)];
    const ratios = plains.map(({ way, run }) => `${((pairs / run.result.requests.average) * 100).toFixed(0)}% of ${way}`).join(', ');
    console.log(
      `[${label}] floor, a hold's 3 records then a release's 2, each read and written through the seat lock and nothing else: ` +
        `${rate(floor.hold).toFixed(0)} and ${rate(floor.release).toFixed(0)} req/s, so ${pairs.toFixed(0)} pairs/s` +
        (holdCpu !== undefined && releaseCpu !== undefined ? `, Harper CPU ${(holdCpu + releaseCpu).toFixed(2)} ms per pair` : '') +
        (ratios ? ` (${ratios})` : ''),
    );
  }

  const cpuShare = (seconds: number) => `${((seconds / SECONDS) * 100).toFixed(0)}% of one core`;
  const info = await api.operation({ operation: 'system_information', attributes: ['threads'] });
  const httpThreads = (info.threads ?? []).filter((t: { name?: string }) => t.name === 'http').length;
  console.log(
    `bench:holds on ${machine()}, Harper http threads ${httpThreads} (asked for ${process.env.HARPER_THREADS ?? 'one per core'}), ` +
      `${CONNECTIONS} connections, ${tokens.length} admitted fans, ${SECONDS} s each`,
  );
  // every kind of request runs unmeasured first, so that none is measured
  // while Harper still compiles its code
  for (const writes of [...(PLAIN ? Object.values(plainWrites) : []), ...(FLOOR ? Object.values(floorSteps) : [])]) {
    await plainWriteRun(writes, undefined, 'staggered', WARM_SECONDS);
  }
  await holdRun(undefined, 'staggered', WARM_SECONDS);
  for (const { rate, pacing } of RATES) {
    const label = rate ? `${rate} req/s offered, ${pacing}` : 'full speed';
    const perSecond = (n: number) => (n / SECONDS).toFixed(0);
    const plains: { way: PlainWay; run: WriteRun }[] = [];
    if (PLAIN)
      for (const way of Object.keys(plainWrites) as PlainWay[])
        plains.push({ way, run: await plainWriteRun(plainWrites[way], rate, pacing) });
    const floor =
      FLOOR && !rate
        ? { hold: await plainWriteRun(floorSteps.hold, rate, pacing), release: await plainWriteRun(floorSteps.release, rate, pacing) }
        : undefined;
    const holds = await holdRun(rate, pacing);
    console.log('');
    for (const { way, run } of plains) {
      console.log(`[${label}] plain one-record write (${way}): ${summary(run.result)}; load generator CPU ${cpuShare(run.clientCpu)}`);
      console.log(`[${label}] plain one-record write (${way}) latency: ${latencyLine(run.latencies)}`);
    }
    const stall = (p: number) => (holds.stalls.percentile(p) / 1e6).toFixed(0);
    console.log(
      `[${label}] POST /holds/ (autocannon): ${summary(holds.result)}; load generator CPU (with releases) ${cpuShare(holds.clientCpu)}, ` +
        `its event loop delay p95 ${stall(95)} ms, p99 ${stall(99)} ms`,
    );
    const others = [...holds.otherStatuses].map(([key, { count, example }]) => `${key}: ${count}, e.g. ${example}`).join('; ');
    console.log(
      `[${label}] successful holds ${perSecond(holds.counts.held)}/s, conflicts ${perSecond(holds.counts.conflicts)}/s, ` +
        `releases ${perSecond(holds.counts.released)}/s (sent beside autocannon, ${holds.counts.releaseFailed} failed), ` +
        `other answers ${holds.counts.other}${others ? ` (${others})` : ''}, fan pool empty ${holds.counts.poolEmpty} times`,
    );
    console.log(
      `[${label}] POST /holds/ latency: ${latencyLine(holds.holdLatencies)}; Harper's own time (Server-Timing): ${latencyLine(holds.serverTimes)}`,
    );
    // Harper's CPU (all threads, background jobs included) per answer: steadier than req/s on shared cores
    const perHold = holds.serverCpu === undefined ? undefined : (holds.serverCpu * 1000) / Math.max(1, holds.counts.held);
    if (perHold !== undefined) {
      const perPlain = plains
        .filter(({ run }) => run.serverCpu !== undefined)
        .map(({ way, run }) => `${(msPerRequest(run) as number).toFixed(2)} ms per plain write (${way})`);
      console.log(
        `[${label}] Harper CPU: ${perHold.toFixed(2)} ms per successful hold (with its release)${perPlain.length ? `; ${perPlain.join(', ')}` : ''}`,
      );
    }
    for (const { way, run } of plains) {
      const ratio = (n: number) => `${((n / SECONDS / run.result.requests.average) * 100).toFixed(0)}%`;
      console.log(
        `[${label}] vs plain writes (${way}): hold attempts ${ratio(holds.holdLatencies.length)}, successful holds ${ratio(holds.counts.held)}`,
      );
    }
    if (floor) reportFloor(label, floor, plains);
  }
} finally {
  await harper.stop();
  harper.remove();
}
