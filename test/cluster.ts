// A cluster of throwaway Harper nodes for one test suite, joined with
// Harper's native replication: node-1 first, then every other node asks to
// join it (add_node); a node learns of the others from the replicated node
// list. Ready once every node reports every peer connected for every database.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { client, type Api } from './client.js';
import { ADMIN, type Harper, type StartOptions, startHarper } from './harness.js';

export interface Cluster {
  nodes: Harper[];
  apis: Api[];
}

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

export async function startCluster(size: number, options: (index: number) => StartOptions = () => ({})): Promise<Harper[]> {
  // the secret that authenticates a call forwarded from one node to another
  const secret = randomBytes(24).toString('base64url');
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
      await connected(nodes.slice(0, joined));
    }
    return nodes;
  } catch (error) {
    await stopAll(nodes);
    throw error;
  }
}

async function connected(nodes: Harper[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (const node of nodes) {
    while (!(await allConnected(node, nodes.length - 1))) {
      if (Date.now() > deadline) throw new Error(`the cluster did not connect within 60 s: ${JSON.stringify(lastStatus).slice(0, 3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function stopAll(nodes: Harper[]): Promise<void> {
  await Promise.all(nodes.map((node) => node.stop()));
  for (const node of nodes) node.remove();
}

/** A cluster started before the suite's tests and stopped and removed after them. */
export function clusterForSuite(size: number, options?: (index: number) => StartOptions): Cluster {
  const cluster = { nodes: [], apis: [] } as Cluster;
  beforeAll(async () => {
    cluster.nodes = await startCluster(size, options);
    cluster.apis = cluster.nodes.map((node) => client(node));
  }, 240_000);
  afterAll(() => stopAll(cluster.nodes));
  return cluster;
}

/** Waits until every node answers for the event: replication has brought it there. */
export async function visibleOnEveryNode(cluster: Cluster, eventId: string): Promise<void> {
  for (const api of cluster.apis) {
    const deadline = Date.now() + 10_000;
    while ((await api.get(`/events/${eventId}`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`event ${eventId} never reached a node`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
