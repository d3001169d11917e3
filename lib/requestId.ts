// The id that follows one request through the code and across the cluster:
// the trace id of a W3C `traceparent` header when the caller sends one, else a
// new one. It is kept in async context for the whole of the request, so what
// the request causes is logged with it (lib/journal.ts), and it goes on with a
// call forwarded to another node (resources/http/forward.ts) as a
// traceparent of its own.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The request's traceparent header, and its id once someone asked for it (most requests never do). */
interface Trace {
  header: string | null | undefined;
  id?: string;
}
const current = new AsyncLocalStorage<Trace>();

/** The trace id a traceparent header carries, or a new one. */
function traceIdOf(traceparent: string | null | undefined): string {
  const id = TRACEPARENT.exec(traceparent?.trim().toLowerCase() ?? '')?.[1];
  return id && !/^0+$/.test(id) ? id : randomBytes(16).toString('hex');
}

/** Runs `work` as a request that came with this traceparent header (if any). */
export function withRequestId<T>(traceparent: string | null | undefined, work: () => T): T {
  return current.run({ header: traceparent }, work);
}

/** The request id of the request being served, if any. */
export function requestId(): string | undefined {
  const trace = current.getStore();
  if (!trace) return undefined;
  trace.id ??= traceIdOf(trace.header);
  return trace.id;
}

/** A traceparent that carries the current request id on to another node. */
export function traceparent(): string | undefined {
  const id = requestId();
  return id ? `00-${id}-${randomBytes(8).toString('hex')}-01` : undefined;
}
