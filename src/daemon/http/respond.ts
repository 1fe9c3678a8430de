// Small writers for whole (non-streamed) responses.
import type { ServerResponse } from 'node:http';
import type { RenderedError } from '../../wire/errors.js';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, e: RenderedError, headers: Record<string, string> = {}): void {
  sendJson(res, e.status, e.body, { ...e.headers, ...headers });
}
