// Runs Harper in the foreground with this application. It is a production
// install (no DEFAULTS_MODE=dev): dev mode opens an inspector on port 9229,
// which collides between instances, and treats local requests as the super user. Every Harper setting
// the application needs travels in HARPER_SET_CONFIG (see docs/harper.md:
// per-key environment variables misread some booleans). Data lives under
// .harper/ in the project unless HARPER_DATA_DIR says otherwise.
//
// HARPER_SET_CONFIG is given to `harperdb install` on the first start, and to
// `harperdb run` only when the settings changed since: Harper 4.7 applies it
// in every thread it starts, each rewriting harperdb-config.yaml in place,
// and a thread that reads the file while another rewrites it dies with
// `rootPath` undefined and Harper never answers (seen once in some 300 test
// starts).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(process.env.HARPER_DATA_DIR ?? join(appDir, '.harper'));
const rootPath = join(dataDir, 'root');
const home = join(dataDir, 'home');
mkdirSync(rootPath, { recursive: true });
mkdirSync(home, { recursive: true });

const settings = JSON.parse(readFileSync(join(appDir, 'harper-settings.json'), 'utf8'));
settings.threads.count = Number(process.env.HARPER_THREADS ?? availableParallelism());
settings.logging = { stdStreams: process.env.HARPER_QUIET !== '1', level: process.env.HARPER_LOG_LEVEL ?? 'warn' };

const wanted = JSON.stringify(settings);
const appliedFile = join(dataDir, 'settings-applied.json');
const applied = () => (existsSync(appliedFile) ? readFileSync(appliedFile, 'utf8') : undefined);

// Loopback only, unless TICKETING_LISTEN=network: then never with the
// seed's default admin password (a port given as "host:port" makes Harper
// listen on that address alone).
const onNetwork = process.env.TICKETING_LISTEN === 'network';
const adminPassword = process.env.HDB_ADMIN_PASSWORD ?? 'password';
if (onNetwork && adminPassword === 'password') {
  console.error(
    'TICKETING_LISTEN=network: refusing to listen on the network with the default admin password. ' +
      'Set HDB_ADMIN_PASSWORD to another (for an existing install, change it with the operations API first: README).',
  );
  process.exit(1);
}
const PORTS = {
  HTTP_PORT: '9926',
  OPERATIONSAPI_NETWORK_PORT: '9925',
  MQTT_NETWORK_PORT: '1883',
  MQTT_NETWORK_SECUREPORT: '8883',
  REPLICATION_SECUREPORT: '9933',
  HTTP_SECUREPORT: undefined,
  OPERATIONSAPI_NETWORK_SECUREPORT: undefined,
};
const ports = {};
for (const [name, fallback] of Object.entries(PORTS)) {
  const port = process.env[name] ?? fallback;
  if (port !== undefined) ports[name] = onNetwork || port.includes(':') ? port : `127.0.0.1:${port}`;
}

const env = {
  ...process.env,
  HOME: home,
  ROOTPATH: rootPath,
  TC_AGREEMENT: 'yes',
  HDB_ADMIN_USERNAME: process.env.HDB_ADMIN_USERNAME ?? 'admin',
  HDB_ADMIN_PASSWORD: adminPassword,
  REPLICATION_HOSTNAME: process.env.REPLICATION_HOSTNAME ?? 'localhost',
  ...ports,
  // every port above is on loopback: the app closes what Harper opens elsewhere (lib/strayListeners.ts)
  TICKETING_LOOPBACK_ONLY: onNetwork ? '0' : '1',
};
// read as true whatever its value: it would make every local request the super user
delete env.AUTHENTICATION_AUTHORIZELOCAL;
delete env.HARPER_SET_CONFIG;
delete env.HARPER_DEFAULT_CONFIG;

/**
 * After kill -9, Harper leaves its pid file behind and refuses to start while
 * the pid it names is a live process: for a moment after the crash, and again
 * whenever another process is given that number. Only a running Harper keeps it.
 */
function removeStalePidFile(pidFile) {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (pid > 0 && isHarper(pid)) return;
  rmSync(pidFile, { force: true });
}

function isHarper(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false; // no such process
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('harperdb') && !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return true; // no /proc to ask: leave the file to Harper
  }
}

let current;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => current?.kill(signal));
const harperdb = (args, extraEnv = {}) => {
  current = spawn(join(appDir, 'node_modules', '.bin', 'harperdb'), args, { env: { ...env, ...extraEnv }, stdio: 'inherit' });
  return new Promise((resolve) => current.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
};

if (!existsSync(join(rootPath, 'harperdb-config.yaml'))) {
  const code = await harperdb(['install'], { HARPER_SET_CONFIG: wanted });
  if (code !== 0) process.exit(code);
  writeFileSync(appliedFile, wanted);
}
removeStalePidFile(join(rootPath, 'hdb.pid'));
const changed = applied() !== wanted;
const running = harperdb(['run', appDir], changed ? { HARPER_SET_CONFIG: wanted } : {});
if (changed) writeFileSync(appliedFile, wanted);
process.exit(await running);
