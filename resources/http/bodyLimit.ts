// Request bodies are limited to MAX_BODY_BYTES however they are sent. One
// with Content-Length over it is refused before it is read (apiResource.ts);
// a chunked one has no length to check, and Harper would read all of it
// into memory (a 10 MB one cut short answered 400). The guard gives such a
// request a body that stops after the limit, ending it there, and marks the
// request, so the endpoint answers 413 instead of parsing what came.
import { Transform } from 'node:stream';

export const MAX_BODY_BYTES = 64 * 1024;
const TOO_LARGE = Symbol('body too large');

interface NodeBody {
  pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T;
}

/** Gives the request a body that ends after MAX_BODY_BYTES; the rest is read and dropped. */
export function limitBody(request: object & { nodeRequest?: NodeBody }): void {
  const source = request.nodeRequest;
  if (!source) return;
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen <= MAX_BODY_BYTES) return done(null, chunk);
      if (!(request as Record<symbol, boolean>)[TOO_LARGE]) {
        (request as Record<symbol, boolean>)[TOO_LARGE] = true;
        this.push(null); // what was read so far is all the endpoint sees
      }
      done(); // the rest of the upload is drained, never kept
    },
  });
  source.pipe(limited);
  const body = {
    on(event: string, listener: (...args: unknown[]) => void) {
      limited.on(event, listener);
      return body;
    },
    pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }) {
      return limited.pipe(destination, options);
    },
  };
  Object.defineProperty(request, 'body', { value: body, configurable: true });
}

/** Whether the request's body went over the limit (limitBody). */
export function bodyTooLarge(request: object): boolean {
  return (request as Record<symbol, boolean>)[TOO_LARGE] === true;
}
