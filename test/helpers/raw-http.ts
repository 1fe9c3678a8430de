// Raw TCP to the daemon, for what no HTTP client will send: malformed requests, half uploads,
// clients that hang up. Collects every byte the server answers until it closes (or `until` holds).
import { connect, type Socket } from 'node:net';

export interface RawExchange {
  socket: Socket;
  /** Everything received so far. */
  text(): string;
  /** Resolves with the received text once the server closed, or once `until(text)` holds. */
  answer(until?: (text: string) => boolean): Promise<string>;
}

export function rawConnect(url: string): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      let received = '';
      let closed = false;
      const waiters: Array<() => void> = [];
      const wake = () => waiters.splice(0).forEach((w) => w());
      socket.on('data', (d) => {
        received += d.toString('latin1');
        wake();
      });
      socket.on('close', () => {
        closed = true;
        wake();
      });
      // EPIPE/ECONNRESET while we still write is what a client sees when the server hangs up: recorded, not thrown.
      socket.on('error', () => {});
      resolve({
        socket,
        text: () => received,
        answer: (until) =>
          new Promise((done) => {
            const check = () => {
              if (closed || (until && until(received))) done(received);
              else waiters.push(check);
            };
            check();
          }),
      });
    });
    socket.once('error', reject);
  });
}

/** One request on a fresh connection; the answer once the server closes or a whole response arrived. */
export async function rawRequest(url: string, bytes: string): Promise<string> {
  const c = await rawConnect(url);
  c.socket.write(bytes);
  const text = await c.answer();
  c.socket.destroy();
  return text;
}

export const statusLine = (text: string): string => text.split('\r\n')[0] ?? '';
