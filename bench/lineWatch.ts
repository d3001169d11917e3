// What a long line costs while it waits, for bench:queue: the admission
// ticker's passes (sampled from GET /gate/{id}) and the position messages sent
// to fans who watch their ticket over MQTT.
import mqtt from 'mqtt';
import type { Api } from '../test/client.js';
import { ADMIN, type Harper } from '../test/harness.js';
import { cpuMeter } from './common.js';

const PHASE_SECONDS = 20;
const LEAVES_PER_SECOND = 20;

/** The ticker's last pass, read once a second until `during` settles; then its longest since it started. */
export async function tickerPasses(api: Api, eventId: string, during: Promise<unknown>): Promise<string> {
  const samples: number[] = [];
  let running = true;
  during.finally(() => (running = false)).catch(() => undefined);
  let longest = 0;
  while (running) {
    const gate = (await api.get(`/gate/${eventId}`, { Authorization: ADMIN })).body;
    samples.push(gate.ticker.lastPassMs);
    longest = gate.ticker.longestPassMs;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return `admission ticker's last pass, sampled each second (${samples.length}): p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms; longest pass since start ${longest} ms`;
}

/** Fans at the head leave, LEAVES_PER_SECOND, so that every position behind them changes. */
async function leaving(api: Api, head: string[]): Promise<void> {
  const end = Date.now() + PHASE_SECONDS * 1000;
  while (Date.now() < end && head.length) {
    const started = Date.now();
    await Promise.all(head.splice(0, LEAVES_PER_SECOND).map((id) => api.delete(`/queue/${id}`)));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - started))));
  }
}

/**
 * Harper's CPU while fans at the head leave, without and then with `watchers`
 * MQTT subscribers on tickets further back: the difference per position message
 * is what pushing positions costs. `line`: ticket ids in order of joining.
 */
export async function positionPushCost(harper: Harper, api: Api, line: string[], watchers: number): Promise<string> {
  const head = line.slice(0, 2 * PHASE_SECONDS * LEAVES_PER_SECOND);
  const rest = line.slice(head.length);
  const without = cpuMeter(harper);
  await leaving(api, head);
  const cpuWithout = without().server ?? Number.NaN;

  let messages = 0;
  const clients = [];
  for (let i = 0; i < watchers; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, watchers - i) }, async () => {
        const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${harper.mqttPort}`, { reconnectPeriod: 0 });
        const ticket = rest[Math.floor(Math.random() * rest.length)];
        client.on('message', (_topic, payload) => {
          if (JSON.parse(payload.toString()).type === 'position') messages++;
        });
        await client.subscribeAsync(`notifications/${ticket}`, { qos: 1 });
        return client;
      }),
    );
    clients.push(...batch);
  }
  messages = 0; // the first message of each subscription is its current state, not a push
  const withWatchers = cpuMeter(harper);
  await leaving(api, head);
  const cpuWith = withWatchers().server ?? Number.NaN;
  const pushed = messages;
  await Promise.all(clients.map((client) => client.endAsync(true)));
  const perMessage = ((cpuWith - cpuWithout) * 1000) / Math.max(1, pushed);
  return (
    `position messages: ${watchers} fans watching over MQTT while ${LEAVES_PER_SECOND} fans a second leave the head: ` +
    `${(pushed / PHASE_SECONDS).toFixed(0)} messages/s; Harper CPU ${cpuWith.toFixed(2)} s against ${cpuWithout.toFixed(2)} s without watchers ` +
    `in ${PHASE_SECONDS} s, ${perMessage.toFixed(3)} ms a message`
  );
}
