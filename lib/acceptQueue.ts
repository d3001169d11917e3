// Harper's servers listen with Node's default accept queue of 511 connections
// per thread. When 2,000 fans connect in the same moment (an on-sale's first
// second, or a load test), the kernel drops the connections beyond it and the
// client sends them again a second or more later: those fans wait over a
// second before their first byte is even read (TcpExtListenOverflows counts
// them). Calling listen() again on a listening socket only changes the queue's
// length (Linux caps it at net.core.somaxconn), so each thread deepens the
// queues of the servers it listens with.
import { listeningServers } from './strayListeners.js';

/** Connections each listener may have waiting to be accepted. */
export const ACCEPT_BACKLOG = 4096;

type ListeningHandle = { listen?: (backlog: number) => number };

/** Sets the accept queue of this thread's TCP listeners to ACCEPT_BACKLOG; answers how many it changed. */
export function deepenAcceptQueues(): number {
  let changed = 0;
  for (const server of listeningServers()) {
    if (typeof server.address() !== 'object') continue; // a Unix socket (Harper's operations socket) has no such crowd
    const handle = (server as unknown as { _handle?: ListeningHandle })._handle;
    if (handle?.listen?.(ACCEPT_BACKLOG) === 0) changed++;
  }
  return changed;
}
