// Harper 4.7.29 opens listeners of its own on a random port of every network
// interface, whatever its ports are set to, and one of them answers the
// operations API (docs/harper.md). When scripts/start.mjs has put every port
// Harper is set to on 127.0.0.1 (TICKETING_LOOPBACK_ONLY=1), every thread
// closes the listeners it has on a wildcard address.
import { Server } from 'node:net';

const WILDCARD = new Set(['::', '0.0.0.0']);

/** The servers listening on this thread, Harper's included (Node lists them among its active handles). */
export function listeningServers(): Server[] {
  const handles: unknown[] = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((handle): handle is Server => handle instanceof Server && handle.listening);
}

/** Closes this thread's listeners on every interface; answers how many it closed. */
export function closeWildcardListeners(): number {
  let closed = 0;
  for (const server of listeningServers()) {
    const address = server.address();
    if (address && typeof address === 'object' && WILDCARD.has(address.address)) {
      server.close();
      closed++;
    }
  }
  return closed;
}
