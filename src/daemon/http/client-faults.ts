// What the listener does with faults that are the client's, not the router's: broken HTTP gets a
// minimal answer before the socket closes, and a hang-up is recognised so it is not logged as a bug.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Node's 'clientError': the request could not be parsed (bad header line, headers over the limit,
 * bad chunked encoding, both Content-Length and Transfer-Encoding). A minimal response tells the
 * client why instead of a silently dropped socket (Node's documented pattern).
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const status =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? '431 Request Header Fields Too Large'
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

const hangUpCodes = new Set(['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'EPIPE', 'ECONNABORTED']);

/**
 * The errors a client's hang-up raises while its request is read or answered. Only while its socket
 * is really gone: the same codes from an upstream, with the client still there, are a real error.
 */
export function isClientHangUp(err: Error, req: IncomingMessage): boolean {
  if (!req.socket.destroyed) return false;
  const code = (err as NodeJS.ErrnoException).code;
  return (code !== undefined && hangUpCodes.has(code)) || err.message === 'aborted' || req.destroyed;
}

/** How long a refused upload's connection stays half-open so the client can read the answer. */
const LINGER_MS = 2000;

/**
 * Answer a refused upload (413, 408) and close without reading the rest. Closing a socket that still
 * has unread upload bytes sends a TCP reset, which can wipe the answer from the client's buffer
 * before it reads it (what a client sees as EPIPE/ECONNRESET instead of a 413). So the router only
 * half-closes (FIN after the answer), never reads on, and drops the connection after LINGER_MS.
 */
export function hangUpAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('connection', 'close');
  const socket = req.socket;
  // Node calls destroySoon() once a `connection: close` response is finished.
  socket.destroySoon = () => {
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
}
