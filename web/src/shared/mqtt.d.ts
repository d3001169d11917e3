// The part of the `mqtt` package's browser build (served at /vendor/mqtt.min.js,
// loaded by a <script> tag before the page's module) that the pages use.
interface MqttClient {
  connected: boolean;
  stream?: { destroy(error?: Error): void };
  on(event: 'connect', listener: () => void): MqttClient;
  on(event: 'close' | 'offline' | 'reconnect', listener: () => void): MqttClient;
  on(event: 'error', listener: (error: Error) => void): MqttClient;
  on(event: 'message', listener: (topic: string, payload: Uint8Array) => void): MqttClient;
  subscribe(
    topic: string,
    options: { qos: 0 | 1 },
    callback: (error: Error | null, granted?: { topic: string; qos: number }[]) => void,
  ): MqttClient;
  unsubscribe(topic: string): MqttClient;
  end(force?: boolean): MqttClient;
}

interface MqttGlobal {
  connect(url: string, options: Record<string, unknown>): MqttClient;
}

interface Window {
  mqtt?: MqttGlobal;
}
