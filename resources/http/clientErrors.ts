// Requests Node's HTTP parser refuses before any layer sees them: headers over
// its size limit (431), or bytes that are not HTTP (400). Node answers those
// with a bare status line; each of this thread's HTTP servers answers them in
// the API's error shape instead.
import { Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { listeningServers } from '../../lib/strayListeners.js';

const ANSWERED = Symbol('client errors answered');

function answer(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers are too large.']
      : [400, 'bad_request', 'The request could not be read as HTTP.'];
  const body = JSON.stringify({ error: code, message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Cache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Makes every HTTP server of this thread answer parser errors as JSON (idempotent). */
export function answerClientErrors(): void {
  for (const server of listeningServers()) {
    if (!(server instanceof Server) || (server as unknown as Record<symbol, boolean>)[ANSWERED]) continue;
    (server as unknown as Record<symbol, boolean>)[ANSWERED] = true;
    server.on('clientError', answer);
  }
}
