// Where each node of a cluster answers HTTP. Each node writes its own address
// when it starts, and replication brings it to every other node, so a node
// can pass a call on to an event's owner by the owner's name alone.
import { nodeName } from './harper.js';
import { tables } from './tables.js';

/** This node's HTTP address as other nodes reach it: TICKETING_NODE_URL, else loopback on its HTTP port. */
function ownUrl(): string {
  // HTTP_PORT may name the address too ("127.0.0.1:9926": scripts/start.mjs)
  return process.env.TICKETING_NODE_URL ?? `http://127.0.0.1:${(process.env.HTTP_PORT ?? '9926').split(':').pop()}`;
}

export async function registerThisNode(): Promise<void> {
  const httpUrl = ownUrl();
  const known = await tables.ClusterNode.get(nodeName());
  if (known?.httpUrl !== httpUrl) await tables.ClusterNode.put({ id: nodeName(), httpUrl });
}

export async function nodeUrl(name: string): Promise<string | undefined> {
  return (await tables.ClusterNode.get(name))?.httpUrl;
}
