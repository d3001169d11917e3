// GET /cluster (organizers): this node, every node of the cluster with its
// connection and replication latency, and how many events each owns.
import { eventsByOwner } from '../catalog/owners.js';
import { nodeUrl } from '../lib/clusterNodes.js';
import { peerStatus } from '../lib/clusterStatus.js';
import { nodeName } from '../lib/harper.js';
import { ApiResource } from './http/apiResource.js';
import { reply } from './http/reply.js';

export class ClusterResource extends ApiResource {
  get() {
    return this.answer(async () => {
      this.requireOrganizer();
      const [peers, owners] = await Promise.all([peerStatus(), eventsByOwner()]);
      const all = [{ name: nodeName(), connected: true, replicationLagMs: 0 }, ...peers];
      // each node's HTTP address, where its API answers
      const nodes = await Promise.all(
        all.map(async ({ name, connected, replicationLagMs }) => ({
          name,
          url: (await nodeUrl(name)) ?? null,
          connected,
          replicationLagMs,
        })),
      );
      // conflicts from a forced move are found and listed here once moves exist (docs/cluster.md)
      return reply(200, { node: nodeName(), nodes, owners, conflicts: [] }, { 'Cache-Control': 'no-store' });
    });
  }
}
