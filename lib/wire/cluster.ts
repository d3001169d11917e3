// What GET /cluster answers organizers (API.md, running as a cluster).
import { Type, type Static } from '@sinclair/typebox';
import { Count, Nullable } from './common.js';

const ClusterNode = Type.Object({
  name: Type.String({ description: 'the node name, as in Served-By and an event’s owner' }),
  url: Nullable(Type.String({ description: 'where the node answers HTTP' })),
  connected: Type.Boolean({ description: 'whether this node is connected to it (always true for itself)' }),
  replicationLagMs: Nullable(Type.Number({ description: 'round trip of the replication link, ms; null when not connected' })),
});

export const Claim = Type.Object({
  kind: Type.Union([Type.Literal('hold'), Type.Literal('order')]),
  id: Type.String(),
  from: Type.String({ format: 'date-time' }),
  until: Nullable(Type.String({ format: 'date-time' })),
});

export const SeatConflict = Type.Object(
  { eventId: Type.String(), seatId: Type.String(), claims: Type.Array(Claim, { minItems: 2 }) },
  { description: 'a seat that holds or orders claimed at the same time, after a forced move: listed, never merged' },
);

export type Claim = Static<typeof Claim>;
export type SeatConflict = Static<typeof SeatConflict>;

export const ClusterView = Type.Object({
  node: Type.String({ description: 'the node that answered' }),
  nodes: Type.Array(ClusterNode),
  owners: Type.Record(Type.String(), Count(), { description: 'events still to come, by the node that owns them' }),
  conflicts: Type.Array(SeatConflict),
});
export type ClusterView = Static<typeof ClusterView>;
