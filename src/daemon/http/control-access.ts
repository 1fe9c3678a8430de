// Who may open the dashboard or drive the daemon over the listener's /rpc. Pure: every input is
// passed in, so each rule has a case in test/daemon/control-access.test.ts.
import { timingSafeEqual } from 'node:crypto';
import { authRequired, isLoopbackHost } from '../../config/exposure-checks.js';
import type { Config } from '../../config/schema.js';
import { BEARER_SUBPROTOCOL_PREFIX } from '../../protocol/index.js';

export interface ControlRequest {
  remoteAddress: string | undefined;
  /** The Host header. */
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
  /** Sec-WebSocket-Protocol, as sent. */
  protocols: string | undefined;
}

export type Access = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/**
 * Remote control needs the operator to have turned authentication on for the data plane too: a
 * router that anyone on the network may call is not one to drive from the network.
 */
export function remoteControlAllowed(config: Config): boolean {
  return authRequired(config);
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** A Host header naming localhost, 127.x.y.z or [::1], with or without a port. */
function isLoopbackHostHeader(host: string): boolean {
  return isLoopbackHost(host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, ''));
}

/** The page (/ui and its assets): loopback peers, or anyone when remote control is allowed. */
export function pageAccess(req: Pick<ControlRequest, 'remoteAddress' | 'host'>, remoteAllowed: boolean): Access {
  if (!remoteAllowed && !isLoopbackAddress(req.remoteAddress)) {
    return { ok: false, status: 403, reason: 'the dashboard answers loopback clients only while auth is off (apiKeys or auth.required)' };
  }
  // A name that resolves to 127.0.0.1 (DNS rebinding) must not make another site same-origin with the daemon.
  if (!remoteAllowed && !isLoopbackHostHeader(req.host ?? '')) {
    return { ok: false, status: 403, reason: 'Host must be localhost, 127.0.0.1 or [::1] while auth is off' };
  }
  return { ok: true };
}

export function rpcAccess(req: ControlRequest, token: string, remoteAllowed: boolean): Access {
  const page = pageAccess(req, remoteAllowed);
  if (!page.ok) return page;
  // Browsers always send Origin on a WebSocket: a page from anywhere else must not drive the daemon.
  if (req.origin !== undefined && !sameOrigin(req.origin, req.host)) {
    return { ok: false, status: 403, reason: `origin ${req.origin} may not drive this daemon` };
  }
  const presented = presentedToken(req);
  if (presented === null) return { ok: false, status: 401, reason: 'a control token is required (router ui prints a URL with it)' };
  if (!tokensEqual(presented, token)) return { ok: false, status: 401, reason: 'wrong control token' };
  return { ok: true };
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  return origin === `http://${host}` || origin === `https://${host}`;
}

function presentedToken(req: ControlRequest): string | null {
  const auth = req.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  for (const p of (req.protocols ?? '').split(',')) {
    const name = p.trim();
    if (name.startsWith(BEARER_SUBPROTOCOL_PREFIX)) return name.slice(BEARER_SUBPROTOCOL_PREFIX.length);
  }
  return null;
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
