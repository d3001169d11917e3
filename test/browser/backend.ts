// Which parts of API.md the running Harper serves, so a browser test whose
// back end has not landed yet is skipped with the reason, not failed.
import mqtt from 'mqtt';
import type { Harper } from '../harness.js';
import { ADMIN } from '../harness.js';

/** Does an anonymous MQTT client get this topic (SUBACK not a failure)? Topics exist only for ids that exist. */
export async function topicServed(harper: Harper, topic: string): Promise<boolean> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${harper.mqttPort}`, { reconnectPeriod: 0, connectTimeout: 5000 });
  try {
    const granted = await client.subscribeAsync(topic, { qos: 1 });
    return granted.length > 0 && granted[0].qos !== 128;
  } catch {
    return false;
  } finally {
    await client.endAsync(true);
  }
}

export async function gateServed(harper: Harper, eventId: string): Promise<boolean> {
  const response = await fetch(`${harper.url}/gate/${eventId}`, { headers: { Authorization: ADMIN } });
  await response.arrayBuffer();
  return response.status === 200;
}

export async function waitlistServed(harper: Harper): Promise<boolean> {
  const response = await fetch(`${harper.url}/waitlist/w-does-not-exist-0000000000`);
  await response.arrayBuffer();
  // a served resource answers 404 in our JSON shape; an unknown path answers Harper's plain text
  return (response.headers.get('content-type') ?? '').includes('json');
}
