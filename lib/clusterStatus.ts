// What this node knows of the other nodes of its cluster, from Harper's
// cluster_status: each peer, whether every database is connected, and the
// replication link's latency. Asked one call at a time on a thread
// (concurrent cluster_status calls may hang) and reused for a second.
import { runtime } from './harper.js';

export interface PeerStatus {
  name: string;
  url: string;
  connected: boolean;
  /** round trip of the replication link for the application's data, in ms (null when not connected) */
  replicationLagMs: number | null;
}

interface Socket {
  database: string;
  connected: boolean;
  latency?: number;
}

const REUSE_MS = 1000;
let known: { at: number; peers: PeerStatus[] } | undefined;
let asking: Promise<PeerStatus[]> | undefined;

export function peerStatus(): Promise<PeerStatus[]> {
  if (known && Date.now() - known.at < REUSE_MS) return Promise.resolve(known.peers);
  asking ??= ask().finally(() => {
    asking = undefined;
  });
  return asking;
}

async function ask(): Promise<PeerStatus[]> {
  const status = await runtime.server.operation({ operation: 'cluster_status' }, {}, false);
  const peers = ((status?.connections ?? []) as { name: string; url: string; database_sockets?: Socket[] }[]).map((peer) => {
    const sockets = peer.database_sockets ?? [];
    const connected = sockets.length > 0 && sockets.every((socket) => socket.connected);
    const data = sockets.find((socket) => socket.database === 'data');
    return {
      name: peer.name,
      url: peer.url,
      connected,
      replicationLagMs: connected && data?.latency != null ? Math.round(data.latency * 10) / 10 : null,
    };
  });
  known = { at: Date.now(), peers };
  return peers;
}
