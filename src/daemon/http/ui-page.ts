// GET /ui and /ui/<asset>: the dashboard, built from src/ui into dist/ui by `npm run build`
// (scripts/build-ui.js). Read from disk once, then served from memory; nothing is fetched from
// outside, and the CSP forbids the page to try.
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pageAccess, remoteControlAllowed } from './control-access.js';
import type { Config } from '../../config/schema.js';

const UI_DIR = fileURLToPath(new URL('../../ui/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** 'self' covers the page's own ws:// in current browsers; nothing else may load, run or connect. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  body: Buffer;
  type: string;
}

function loadAssets(): Map<string, Asset> {
  const map = new Map<string, Asset>();
  let names: string[] = [];
  try {
    names = readdirSync(UI_DIR);
  } catch {
    return map; // not built: answered with a 503 that says how to build it
  }
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (type) map.set(name, { body: readFileSync(join(UI_DIR, name)), type });
  }
  return map;
}

export function isUiPath(path: string): boolean {
  return path === '/ui' || path.startsWith('/ui/');
}

export type UiPage = (req: IncomingMessage, res: ServerResponse, path: string, config: Config) => void;

/** The page's server; files are read on its first request (a daemon nobody browses never reads them). */
export function uiPage(): UiPage {
  let assets: Map<string, Asset> | null = null;
  return (req, res, path, config) => {
    assets ??= loadAssets();
    serveAsset(req, res, path, config, assets);
  };
}

function serveAsset(req: IncomingMessage, res: ServerResponse, path: string, config: Config, assets: Map<string, Asset>): void {
  const access = pageAccess({ remoteAddress: req.socket.remoteAddress, host: req.headers.host }, remoteControlAllowed(config));
  if (!access.ok) return void res.writeHead(access.status, { 'content-type': 'text/plain' }).end(access.reason + '\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
  const name = path === '/ui' || path === '/ui/' ? 'index.html' : path.slice(4);
  const asset = assets.get(name);
  if (!asset) {
    const why = assets.size === 0 ? 'the dashboard is not built (npm run build)' : `no dashboard file ${name}`;
    return void res.writeHead(assets.size === 0 ? 503 : 404, { 'content-type': 'text/plain' }).end(why + '\n');
  }
  res.writeHead(200, {
    'content-type': asset.type,
    'content-length': asset.body.length,
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
}
