// npm run bench:notify — 2,000 fans, each an MQTT subscriber on its own ticket
// topic, while the gate admits them at full speed. Reports the delay from
// admission (the ticket's stored admittedAt) to the `admitted` message's
// arrival, and how many admitted fans never got the message.
import mqtt, { type MqttClient } from 'mqtt';
import { ADMIN } from '../test/harness.js';
import { waitFor } from '../test/client.js';
import { benchHarper, latencyLine, machine } from './common.js';

const FANS = Number(process.env.BENCH_FANS ?? 2000);

const { harper, api } = await benchHarper();
const clients: MqttClient[] = [];
try {
  const event = await api.createEvent({
    sections: [{ name: 'Main', rows: 50, seatsPerRow: 50 }],
    event: { waitingRoom: { maxActive: FANS, admitPerMinute: 120_000 } },
  });
  await api.patch(`/gate/${event.id}`, { paused: true }, { Authorization: ADMIN });
  const tickets: string[] = [];
  for (let i = 0; i < FANS; i += 100) {
    const batch = await Promise.all(Array.from({ length: Math.min(100, FANS - i) }, () => api.post('/queue/', { eventId: event.id })));
    tickets.push(...batch.map((b) => b.body.ticketId));
  }
  const arrivals = new Map<string, number>();
  for (let i = 0; i < tickets.length; i += 100) {
    await Promise.all(
      tickets.slice(i, i + 100).map(async (ticketId) => {
        const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${harper.mqttPort}`, { reconnectPeriod: 0 });
        clients.push(c);
        c.on('message', (_topic, payload) => {
          if (JSON.parse(payload.toString()).type === 'admitted' && !arrivals.has(ticketId)) arrivals.set(ticketId, Date.now());
        });
        await c.subscribeAsync(`notifications/${ticketId}`, { qos: 1 });
      }),
    );
  }
  const opened = Date.now();
  await api.patch(`/gate/${event.id}`, { paused: false }, { Authorization: ADMIN });
  await waitFor(async () => arrivals.size === FANS, 30_000, 100).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 1000));
  const stored = await api.records('QueueTicket', 'eventId', event.id);
  const admitted = stored.filter((t: any) => t.admittedAt);
  const delays = admitted.filter((t: any) => arrivals.has(t.id)).map((t: any) => (arrivals.get(t.id) as number) - t.admittedAt);
  const lastAdmission = Math.max(...admitted.map((t: any) => t.admittedAt));
  console.log(`bench:notify on ${machine()}, ${FANS} MQTT subscribers, one ticket topic each`);
  console.log(`admitted ${admitted.length} fans in ${((lastAdmission - opened) / 1000).toFixed(1)} s after the gate opened`);
  console.log(`admission to message arrival: ${latencyLine(delays)}`);
  console.log(`messages lost: ${admitted.length - delays.length} of ${admitted.length}`);
} finally {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await harper.stop();
  harper.remove();
}
