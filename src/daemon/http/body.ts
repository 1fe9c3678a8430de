// Reads a request body with a hard size limit and a deadline, so a huge, endless or crawling
// upload cannot pin memory or a connection.
import type { IncomingMessage } from 'node:http';

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body is larger than the limit of ${limit} bytes`);
  }
}

export class BodyTimeout extends Error {
  constructor(readonly ms: number) {
    super(`request body did not arrive within ${ms} ms`);
  }
}

export function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(new BodyTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Stop reading (no drain): the caller answers and closes the connection, so the client learns
    // at once instead of pushing the rest of its upload into a router that will discard it.
    const stop = (err: Error) => {
      clearTimeout(timer);
      req.removeListener('data', onData);
      req.pause();
      reject(err);
    };
    const timer = setTimeout(() => stop(new BodyTimeout(timeoutMs)), timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return stop(new BodyTooLarge(limit));
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      clearTimeout(timer);
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
