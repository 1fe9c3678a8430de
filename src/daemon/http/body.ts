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
    const onError = (err: Error) => {
      clearTimeout(timer);
      reject(err);
    };
    req.on('data', onData);
    req.on('error', onError);
    req.once('end', () => {
      clearTimeout(timer);
      // No listener of ours may stay on `req`: it would hold `resolve`, which holds the promise,
      // which holds the text for as long as the request lives (80 KB for a Codex turn, as a
      // two-byte string). An error after the end can no longer concern the body.
      req.removeListener('data', onData);
      req.removeListener('error', onError);
      req.on('error', ignoreLateError);
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
  });
}

function ignoreLateError(): void {}
