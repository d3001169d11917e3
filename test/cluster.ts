// A cluster of throwaway Harper nodes for one test suite (clusterNodes.ts).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { client, type Api } from './client.js';
import type { Harper, StartOptions } from './harness.js';
import { startCluster, stopAll } from './clusterNodes.js';

export interface Cluster {
  nodes: Harper[];
  apis: Api[];
  /** what one node sends another with a call it passes on (resources/http/forward.ts) */
  secret: string;
}

/** A cluster started before the suite's tests and stopped and removed after them. */
export function clusterForSuite(size: number, options?: (index: number) => StartOptions): Cluster {
  const cluster: Cluster = { nodes: [], apis: [], secret: randomBytes(24).toString('base64url') };
  beforeAll(async () => {
    cluster.nodes = await startCluster(size, options, cluster.secret);
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
