// Who may open /ui and /rpc on the listener: one case per rule.
import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, pageAccess, rpcAccess, type ControlRequest } from '../../src/daemon/http/control-access.js';

const TOKEN = 'a'.repeat(64);
const local: ControlRequest = {
  remoteAddress: '127.0.0.1',
  host: '127.0.0.1:4000',
  origin: undefined,
  authorization: `Bearer ${TOKEN}`,
  protocols: undefined,
};

describe('control access', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.3.2.1', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['::ffff:192.168.1.2', false],
    ['fe80::1', false],
    [undefined, false],
  ])('%s is loopback: %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });

  it.each<[string, Partial<ControlRequest>, boolean, { ok: boolean; status?: number }]>([
    ['loopback CLI with the Bearer token', {}, false, { ok: true }],
    [
      'the page: token as subprotocol, its own origin',
      { authorization: undefined, protocols: `llm-router.rpc, bearer.${TOKEN}`, origin: 'http://127.0.0.1:4000' },
      false,
      { ok: true },
    ],
    ['localhost by name', { host: 'localhost:4000', origin: 'http://localhost:4000' }, false, { ok: true }],
    ['[::1]', { remoteAddress: '::1', host: '[::1]:4000', origin: 'http://[::1]:4000' }, false, { ok: true }],
    ['no token', { authorization: undefined }, false, { ok: false, status: 401 }],
    ['wrong token', { authorization: `Bearer ${'b'.repeat(64)}` }, false, { ok: false, status: 401 }],
    ['token of another length', { authorization: 'Bearer short' }, false, { ok: false, status: 401 }],
    ['a page on another origin', { origin: 'http://evil.example' }, false, { ok: false, status: 403 }],
    ['another port is another origin', { origin: 'http://127.0.0.1:4001' }, false, { ok: false, status: 403 }],
    [
      'DNS rebinding: a foreign name pointing at loopback',
      { host: 'evil.example:4000', origin: 'http://evil.example:4000' },
      false,
      { ok: false, status: 403 },
    ],
    ['remote peer while auth is off', { remoteAddress: '10.0.0.9', host: '10.0.0.5:4000' }, false, { ok: false, status: 403 }],
    ['remote peer with auth on and the token', { remoteAddress: '10.0.0.9', host: 'router.lan:4000' }, true, { ok: true }],
    [
      'remote peer with auth on, no token',
      { remoteAddress: '10.0.0.9', host: 'router.lan:4000', authorization: undefined },
      true,
      { ok: false, status: 401 },
    ],
    [
      'remote page with auth on from a foreign origin',
      { remoteAddress: '10.0.0.9', host: 'router.lan:4000', origin: 'http://evil.example' },
      true,
      { ok: false, status: 403 },
    ],
  ])('%s', (_name, change, remoteAllowed, expected) => {
    const access = rpcAccess({ ...local, ...change }, TOKEN, remoteAllowed);
    expect(access.ok).toBe(expected.ok);
    if (!access.ok) expect(access.status).toBe(expected.status);
  });

  it('serves the page to loopback only while auth is off', () => {
    expect(pageAccess({ remoteAddress: '127.0.0.1', host: '127.0.0.1:1' }, false).ok).toBe(true);
    expect(pageAccess({ remoteAddress: '192.168.1.4', host: '192.168.1.3:1' }, false).ok).toBe(false);
    expect(pageAccess({ remoteAddress: '192.168.1.4', host: '192.168.1.3:1' }, true).ok).toBe(true);
  });
});
