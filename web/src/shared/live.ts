// Live updates for a page: MQTT over WebSocket on the HTTP port (the browser
// build of `mqtt`, subprotocol `mqtt`), and Harper's Server-Sent Events on the
// same topic when MQTT cannot connect or refuses the topic. Neither carries
// state across a drop (Harper keeps no retained messages for these topics), so
// every (re)connection calls the subscriber's `resync` to re-read the current
// state over HTTP; while no live transport works, the page polls instead.

export type Transport = 'mqtt' | 'sse' | 'none';
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveHandlers {
  /** a message of the topic, parsed from JSON */
  message(message: unknown): void;
  /** re-read the state over HTTP: called on every (re)connection */
  resync(): void;
}

export interface LiveSubscription {
  readonly topic: string;
  transport: Transport;
  state: LiveState;
  close(): void;
}

type Listener = (subscriptions: LiveSubscription[]) => void;

interface Sub extends LiveSubscription {
  handlers: LiveHandlers;
  source?: EventSource;
  opened: boolean;
  closed: boolean;
}

const MQTT_CONNECT_TIMEOUT_MS = 4000;

/** `?live=sse` (or `?live=none`) forces a transport: for trying the fallbacks by hand and in tests. */
const forced = new URLSearchParams(location.search).get('live');

let client: MqttClient | undefined;
let mqttConnected = false;
let mqttEverConnected = false;
let mqttFailed = forced === 'sse' || forced === 'none';
const subs = new Set<Sub>();
const listeners = new Set<Listener>();

function notify(): void {
  const list = [...subs];
  for (const listener of listeners) listener(list);
}

/** Called with every subscription whenever a transport or state changes (for the page's "live" indicator). */
export function onLiveChange(listener: Listener): () => void {
  listeners.add(listener);
  listener([...subs]);
  return () => listeners.delete(listener);
}

function deliver(sub: Sub, text: string): void {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return;
  }
  // a subscription's first message (the current state) may come wrapped as {type: 'message', value}; published ones come bare
  const wrapped = message as { type?: unknown; value?: unknown; sections?: unknown } | null;
  if (
    wrapped &&
    typeof wrapped === 'object' &&
    'value' in wrapped &&
    !('sections' in wrapped) &&
    (wrapped.type === undefined || wrapped.type === 'message')
  ) {
    message = wrapped.value;
  }
  if (message && typeof message === 'object') sub.handlers.message(message);
}

function ensureClient(): MqttClient | undefined {
  if (client || mqttFailed) return client;
  if (!window.mqtt) {
    mqttFailed = true;
    return undefined;
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  client = window.mqtt.connect(`${scheme}://${location.host}/`, {
    reconnectPeriod: 1000,
    connectTimeout: MQTT_CONNECT_TIMEOUT_MS,
    clean: true,
    resubscribe: true,
    clientId: `fan-${Math.random().toString(36).slice(2, 12)}`,
  });
  const giveUp = window.setTimeout(() => {
    if (!mqttEverConnected) fallBackAll();
  }, MQTT_CONNECT_TIMEOUT_MS);
  client.on('connect', () => {
    window.clearTimeout(giveUp);
    const reconnect = mqttEverConnected;
    mqttConnected = true;
    mqttEverConnected = true;
    for (const sub of subs) {
      if (sub.transport !== 'mqtt') continue;
      if (!reconnect || !sub.opened) subscribeMqtt(sub);
      else {
        // mqtt.js has subscribed again by itself; what was missed while down is read over HTTP
        sub.state = 'live';
        sub.handlers.resync();
      }
    }
    notify();
  });
  client.on('close', () => {
    if (!mqttConnected) return;
    mqttConnected = false;
    for (const sub of subs) if (sub.transport === 'mqtt') sub.state = 'reconnecting';
    notify();
  });
  client.on('message', (topic, payload) => {
    const text = new TextDecoder().decode(payload);
    for (const sub of subs) if (sub.topic === topic && sub.transport === 'mqtt' && !sub.closed) deliver(sub, text);
  });
  return client;
}

function fallBackAll(): void {
  mqttFailed = true;
  client?.end(true);
  client = undefined;
  for (const sub of subs) if (sub.transport !== 'sse') openSse(sub);
}

function subscribeMqtt(sub: Sub): void {
  const mqttClient = ensureClient();
  if (!mqttClient) {
    openSse(sub);
    return;
  }
  sub.transport = 'mqtt';
  if (!mqttConnected) {
    sub.state = 'connecting';
    return; // subscribed on connect
  }
  mqttClient.subscribe(sub.topic, { qos: 1 }, (error, granted) => {
    if (sub.closed) return;
    if (error || !granted?.length || granted[0].qos === 128) {
      // the broker refused this topic: try Harper's SSE on the same resource
      openSse(sub);
      return;
    }
    sub.state = 'live';
    sub.opened = true;
    sub.handlers.resync();
    notify();
  });
}

function openSse(sub: Sub): void {
  if (sub.closed) return;
  if (forced === 'none' || typeof EventSource === 'undefined') {
    sub.transport = 'none';
    sub.state = 'offline';
    notify();
    return;
  }
  sub.transport = 'sse';
  sub.state = 'connecting';
  sub.opened = false;
  const source = new EventSource(`/${sub.topic}`);
  sub.source = source;
  const onData = (event: MessageEvent) => deliver(sub, String(event.data));
  source.addEventListener('message', onData);
  for (const type of ['put', 'publish', 'update']) source.addEventListener(type, onData as EventListener);
  source.addEventListener('open', () => {
    sub.state = 'live';
    sub.opened = true;
    sub.handlers.resync();
    notify();
  });
  source.addEventListener('error', () => {
    if (sub.closed) return;
    if (!sub.opened || source.readyState === EventSource.CLOSED) {
      // never opened (topic unknown or refused) or given up: no live transport
      source.close();
      sub.transport = 'none';
      sub.state = 'offline';
    } else {
      sub.state = 'reconnecting'; // EventSource retries by itself; `open` resyncs
    }
    notify();
  });
  notify();
}

/** Follows one topic until `close()`. */
export function subscribe(topic: string, handlers: LiveHandlers): LiveSubscription {
  const sub: Sub = {
    topic,
    transport: 'none',
    state: 'connecting',
    handlers,
    opened: false,
    closed: false,
    close() {
      sub.closed = true;
      subs.delete(sub);
      sub.source?.close();
      if (sub.transport === 'mqtt' && client && ![...subs].some((other) => other.topic === topic)) client.unsubscribe(topic);
      notify();
    },
  };
  subs.add(sub);
  if (mqttFailed) openSse(sub);
  else subscribeMqtt(sub);
  notify();
  return sub;
}

/** Is any live transport delivering for this subscription right now? */
export const isLive = (sub: LiveSubscription | undefined): boolean => !!sub && sub.state === 'live';

/** For tests and for trying the recovery by hand: cut the live connections as a network drop would. */
export function dropConnections(): void {
  client?.stream?.destroy();
  for (const sub of subs) {
    if (sub.transport === 'sse' && sub.source) {
      sub.source.close();
      sub.state = 'reconnecting';
      window.setTimeout(() => openSse(sub), 500);
    }
  }
  notify();
}

/** A short description for the page's status line. */
export function describe(list: LiveSubscription[]): { text: string; state: LiveState } {
  if (list.length === 0) return { text: '', state: 'live' };
  const states = list.map((sub) => sub.state);
  const transports = new Set(list.filter((sub) => sub.state === 'live').map((sub) => sub.transport));
  if (states.every((s) => s === 'live')) {
    return { text: `Live updates on (${[...transports].map((t) => (t === 'mqtt' ? 'MQTT' : 'SSE')).join(' + ')})`, state: 'live' };
  }
  if (states.some((s) => s === 'reconnecting')) return { text: 'Connection lost — reconnecting…', state: 'reconnecting' };
  if (states.some((s) => s === 'connecting')) return { text: 'Connecting live updates…', state: 'connecting' };
  return { text: 'Live updates unavailable — refreshing every few seconds', state: 'offline' };
}
