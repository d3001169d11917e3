// Throwaway Harper nodes joined into one cluster with Harper's native
// replication: node-1 first, then every other node asks to join it
// (add_node); a node learns of the others from the replicated node list.
// Ready once every node reports every peer connected for every database.
// For test suites (cluster.ts) and benchmarks alike.
import { randomBytes } from 'node:crypto';
import { ADMIN, type Harper, type StartOptions, startHarper } from './harness.js';

async function operation(node: Harper, body: object): Promise<any> {
  const response = await fetch(node.opsUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: ADMIN, Connection: 'close' },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${JSON.stringify(body)}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

let lastStatus: unknown;

async function allConnected(node: Harper, peers: number): Promise<boolean> {
  const status = await operation(node, { operation: 'cluster_status' });
  lastStatus = status;
  const connections: { database_sockets?: { connected: boolean }[] }[] = status.connections ?? [];
  return (
    connections.length === peers && connections.every((c) => c.database_sockets?.length && c.database_sockets.every((s) => s.connected))
  );
}

/** `secret` authenticates a call forwarded from one node to another. */
export async function startCluster(
  size: number,
  options: (index: number) => StartOptions = () => ({}),
  secret = randomBytes(24).toString('base64url'),
): Promise<Harper[]> {
  const started = await Promise.allSettled(
    Array.from({ length: size }, (_, i) => {
      const own = options(i + 1);
      return startHarper({ threads: 1, ...own, env: { TICKETING_CLUSTER_SECRET: secret, ...own.env }, node: `node-${i + 1}` });
    }),
  );
  const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  try {
    if (nodes.length < size) throw (started.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason;
    // one at a time: two nodes exchanging certificates with node-1 at once can leave one never connected
    for (let joined = 2; joined <= size; joined++) {
      const join = { url: nodes[0].replicationUrl, verify_tls: false, authorization: { username: 'admin', password: 'password' } };
      await operation(nodes[joined - 1], { operation: 'add_node', ...join });
      if (await connected(nodes.slice(0, joined), 30_000)) continue;
      // now and then a joining node never connects (once in some 25 cluster starts);
      // after a restart it reconnects by itself
      console.warn(`node-${joined} had not connected 30 s after add_node: restarting it`);
      await nodes[joined - 1].restart();
      if (!(await connected(nodes.slice(0, joined), 60_000))) {
        throw new Error(`the cluster did not connect, even after a restart: ${JSON.stringify(lastStatus).slice(0, 3000)}`);
      }
    }
    return nodes;
  } catch (error) {
    await stopAll(nodes);
    throw error;
  }
}

/** Whether every node reports every other connected within `withinMs`. */
async function connected(nodes: Harper[], withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (const node of nodes) {
    while (!(await allConnected(node, nodes.length - 1))) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return true;
}

export async function stopAll(nodes: Harper[]): Promise<void> {
  await Promise.all(nodes.map((node) => node.stop()));
  for (const node of nodes) node.remove();
}
