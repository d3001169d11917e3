// Starts a throwaway Harper with this application for one test suite: its own
// root path, HOME and free ports, stopped (by its PID) after the suite.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The project folder, whether this runs from test/ or compiled in dist/test/ (benchmarks). */
function findAppDir(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'config.yaml'))) dir = dirname(dir);
  return dir;
}
const appDir = findAppDir(import.meta.dirname);
export const ADMIN = `Basic ${Buffer.from('admin:password').toString('base64')}`;

export interface Harper {
  url: string;
  opsUrl: string;
  /** where other cluster nodes reach this one (with the `node` option) */
  replicationUrl: string;
  mqttPort: number;
  dataDir: string;
  /** the first answer to the start-up poll (`GET /events/?limit=1`) that was not a connection error or a 5xx, and when it came */
  firstAnswer?: { status: number; body: unknown; afterMs: number };
  /** stops Harper; the data stays until `remove` */
  stop(): Promise<void>;
  /** starts Harper again on the same data and ports */
  restart(): Promise<void>;
  /** kill -9 of the Harper process, as a crash would end it; `restart` brings it back */
  crash(): Promise<void>;
  remove(): void;
}

/** Every port handed out by this process: the OS may offer a just-closed port again, and two settings on one port fail Harper's start. */
const handedOut = new Set<number>();

async function freePort(): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

function anyFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface StartOptions {
  env?: Record<string, string>;
  /** a cluster node's name (node-1, node-2, ...): replication on, reachable at `replicationUrl` */
  node?: string;
  threads?: number;
  demoData?: boolean;
}

export async function startHarper(options: StartOptions = {}): Promise<Harper> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ticketing-test-'));
  const ports: Record<string, number> = {};
  for (const name of [
    'HTTP_PORT',
    'OPERATIONSAPI_NETWORK_PORT',
    'MQTT_NETWORK_PORT',
    'MQTT_NETWORK_SECUREPORT',
    'REPLICATION_SECUREPORT',
    'OPERATIONSAPI_NETWORK_SECUREPORT',
    'HTTP_SECUREPORT',
  ]) {
    ports[name] = await freePort();
  }
  // Replication listens on its secure port only: with the plain replication.port
  // set too, Harper checks a peer's certificate on neither and refuses every node.
  const { REPLICATION_PORT: _plain, ...inherited } = process.env as Record<string, string>;
  const env: Record<string, string> = {
    ...inherited,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    HARPER_DATA_DIR: dataDir,
    HARPER_QUIET: '1',
    HARPER_THREADS: String(options.threads ?? 2),
    TICKETING_DEMO_DATA: options.demoData ? '1' : '0',
    // suites make hundreds of joins from one address; test/rateLimits.test.ts turns the limits on
    TICKETING_RATE_LIMITS: 'off',
    ...(options.node ? { REPLICATION_HOSTNAME: options.node, REPLICATION_URL: `wss://127.0.0.1:${ports.REPLICATION_SECUREPORT}` } : {}),
    ...options.env,
  };
  const url = `http://127.0.0.1:${ports.HTTP_PORT}`;
  let child: ChildProcess | undefined;
  let stopping: ChildProcess | undefined;
  let firstAnswer: Harper['firstAnswer'];

  async function launch(): Promise<void> {
    child = spawn(process.execPath, [join(appDir, 'scripts', 'start.mjs')], {
      env,
      stdio: ['ignore', 'ignore', process.env.HARPER_STDERR ? 'inherit' : 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    const launched = child;
    launched.on('exit', (code, signal) => {
      if (launched !== stopping) console.error(`Harper (pid ${launched.pid}) exited by itself: code ${code}, signal ${signal}\n${stderr}`);
    });
    const started = Date.now();
    const deadline = started + 90_000;
    firstAnswer = undefined;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`Harper exited: ${stderr}`);
      try {
        const response = await fetch(`${url}/events/?limit=1`);
        if (!firstAnswer && response.status < 500) {
          const text = await response.text();
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // kept as text
          }
          firstAnswer = { status: response.status, body, afterMs: Date.now() - started };
        }
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    // not left running after the suite gives up on it: start.mjs passes SIGTERM on to Harper
    await stop();
    throw new Error(`Harper did not start within 90 s: ${stderr}`);
  }

  async function stop(): Promise<void> {
    const running = child;
    if (!running || running.exitCode !== null) return;
    stopping = running;
    const exited = new Promise((r) => running.once('exit', r));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  async function crash(): Promise<void> {
    const running = child;
    if (!running || running.exitCode !== null) return;
    stopping = running;
    const exited = new Promise((r) => running.once('exit', r));
    process.kill(Number(readFileSync(join(dataDir, 'root', 'hdb.pid'), 'utf8')), 'SIGKILL');
    await exited;
  }

  await launch();
  return {
    get firstAnswer() {
      return firstAnswer;
    },
    url,
    opsUrl: `http://127.0.0.1:${ports.OPERATIONSAPI_NETWORK_PORT}`,
    replicationUrl: `wss://127.0.0.1:${ports.REPLICATION_SECUREPORT}`,
    mqttPort: ports.MQTT_NETWORK_PORT,
    dataDir,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
    crash,
    remove: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
