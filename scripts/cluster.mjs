// npm run cluster [-- --nodes N]: N nodes of this application (2 to 5, default
// 3) on this machine, joined into one cluster with Harper's native replication.
// Node i is named node-i, keeps its data in .harper/node-i, and listens on the
// usual ports plus (i - 1) * 10000: node-1 on 9926 (HTTP), 9925 (operations),
// 1883 (MQTT); node-2 on 19926, 19925, 11883; and so on. node-1 loads the demo
// data; the others receive it when they join. A node joins by asking node-1
// (add_node) once; after that the nodes find each other again by themselves,
// so running this again keeps the data and the membership. Ctrl-C stops them all.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const credentials = { username: process.env.HDB_ADMIN_USERNAME ?? 'admin', password: process.env.HDB_ADMIN_PASSWORD ?? 'password' };
const ADMIN = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;

const flag = process.argv.indexOf('--nodes');
const size = flag >= 0 ? Number(process.argv[flag + 1]) : 3;
if (!Number.isInteger(size) || size < 2 || size > 5) {
  console.error('--nodes takes a whole number from 2 to 5');
  process.exit(2);
}

// the secret that authenticates a call one node forwards to another: made once, kept with the data
const secretFile = join(appDir, '.harper', 'cluster-secret');
if (!existsSync(secretFile)) {
  mkdirSync(dirname(secretFile), { recursive: true });
  writeFileSync(secretFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
}
const clusterSecret = readFileSync(secretFile, 'utf8').trim();

const nodes = Array.from({ length: size }, (_, i) => {
  const shift = i * 10_000;
  const name = `node-${i + 1}`;
  return {
    name,
    http: `http://127.0.0.1:${9926 + shift}`,
    ops: `http://127.0.0.1:${9925 + shift}`,
    replication: `wss://127.0.0.1:${9933 + shift}`,
    env: {
      ...process.env,
      HARPER_DATA_DIR: join(appDir, '.harper', name),
      // the cores are shared by every node on this machine
      HARPER_THREADS: process.env.HARPER_THREADS ?? '1',
      HTTP_PORT: String(9926 + shift),
      OPERATIONSAPI_NETWORK_PORT: String(9925 + shift),
      MQTT_NETWORK_PORT: String(1883 + shift),
      MQTT_NETWORK_SECUREPORT: String(8883 + shift),
      REPLICATION_SECUREPORT: String(9933 + shift),
      REPLICATION_HOSTNAME: name,
      REPLICATION_URL: `wss://127.0.0.1:${9933 + shift}`,
      TICKETING_DEMO_DATA: i === 0 ? '1' : '0',
      TICKETING_CLUSTER_SECRET: process.env.TICKETING_CLUSTER_SECRET ?? clusterSecret,
    },
  };
});

const children = nodes.map((node) => {
  // replication listens on its secure port only (docs/cluster.md)
  const { REPLICATION_PORT: _plain, ...env } = node.env;
  const child = spawn(process.execPath, [join(appDir, 'scripts', 'start.mjs')], { env, stdio: 'inherit' });
  child.on('exit', (code) => console.log(`${node.name} stopped (${code})`));
  return child;
});
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    for (const child of children) child.kill('SIGTERM');
  });
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function operation(node, body) {
  const response = await fetch(node.ops, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: ADMIN },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${node.name} ${body.operation}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

async function answering(node) {
  for (;;) {
    if (stopping) return;
    try {
      if ((await fetch(`${node.http}/events/?limit=1`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
}

async function peersConnected(node, peers) {
  const { connections = [] } = await operation(node, { operation: 'cluster_status' });
  const up = connections.filter((c) => c.database_sockets?.length && c.database_sockets.every((socket) => socket.connected));
  return peers.every((peer) => up.some((c) => c.name === peer.name));
}

await Promise.all(nodes.map(answering));
// one at a time: certificates are exchanged with node-1 as a node joins
for (const [i, node] of nodes.entries()) {
  if (i === 0 || stopping) continue;
  const known = (await operation(node, { operation: 'cluster_status' })).connections ?? [];
  if (!known.some((c) => c.name === nodes[0].name)) {
    await operation(node, { operation: 'add_node', url: nodes[0].replication, verify_tls: false, authorization: credentials });
  }
  while (!stopping && !(await peersConnected(node, nodes.slice(0, i)))) await sleep(500);
}
if (!stopping) {
  console.log(`cluster of ${size} nodes ready:`);
  for (const node of nodes) console.log(`  ${node.name}: ${node.http} (operations ${node.ops}, replication ${node.replication})`);
}
