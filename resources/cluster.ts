// GET /cluster (organizers): this node, every node of the cluster with its
// connection and replication latency, how many events each owns, and the
// seats claimed twice after a forced move.
import { eventsByOwner } from '../catalog/owners.js';
import { conflictsAfterForcedMoves } from '../checkout/seatConflicts.js';
import { nodeUrl } from '../lib/clusterNodes.js';
import { peerStatus } from '../lib/clusterStatus.js';
import { nodeName } from '../lib/harper.js';
import { ApiResource } from './http/apiResource.js';
import { reply } from './http/reply.js';

export class ClusterResource extends ApiResource {
  get() {
    return this.answer(async () => {
      this.requireOrganizer();
      const [peers, owners, conflicts] = await Promise.all([peerStatus(), eventsByOwner(), conflictsAfterForcedMoves()]);
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
      return reply(200, { node: nodeName(), nodes, owners, conflicts }, { 'Cache-Control': 'no-store' });
    });
  }
}
