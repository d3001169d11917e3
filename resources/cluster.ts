// GET /cluster (organizers): this node, every node of the cluster with its
// connection and replication latency, how many events each owns, and the
// seats claimed twice after a forced move. GET /cluster/{eventId} answers only
// another node of the cluster: the versions of the event's sale records, for
// the handover check of a move (catalog/handover.ts).
import { eventsByOwner } from '../catalog/owners.js';
import { conflictsAfterForcedMoves } from '../checkout/seatConflicts.js';
import { nodeUrl } from '../lib/clusterNodes.js';
import { peerStatus } from '../lib/clusterStatus.js';
import { nodeName } from '../lib/harper.js';
import { ApiResource, idOf } from './http/apiResource.js';
import { isHop } from './http/forward.js';
import { eventDigest } from '../catalog/handover.js';
import { notFound } from '../lib/errors.js';
import { reply } from './http/reply.js';

export class ClusterResource extends ApiResource {
  get(target: object) {
    return this.answer(async () => {
      const eventId = idOf(target);
      if (eventId) {
        // GET /cluster/{eventId}: for another node of the cluster moving the event here
        if (!isHop(this.context().headers)) throw notFound('path');
        return reply(200, await eventDigest(eventId), { 'Cache-Control': 'no-store' });
      }
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
