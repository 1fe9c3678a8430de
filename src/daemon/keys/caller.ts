// Who sent a data-plane request: a virtual key, one of the config's `apiKeys`, or nobody in
// particular (auth off). Unknown and revoked keys are refused with 401 before anything else runs.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { authRequired } from '../../config/exposure-checks.js';
import type { Config } from '../../config/schema.js';
import { isVirtualKey, presentedSecret, type KeyPolicy } from '../../engine/virtual-keys.js';
import type { KeyService } from './service.js';

export type Caller =
  | { kind: 'anonymous' }
  /** One of the config's `apiKeys`: no limits of its own. */
  | { kind: 'config' }
  | { kind: 'key'; policy: KeyPolicy };

function configKey(presented: string, keys: readonly string[]): boolean {
  const p = Buffer.from(presented);
  return keys.some((k) => {
    const b = Buffer.from(k);
    return b.length === p.length && timingSafeEqual(b, p);
  });
}

/**
 * undefined: refuse with 401. A key is needed when `auth.required` is on or `apiKeys` are set; a
 * virtual-key secret is checked even when none is needed, so a revoked key never silently works.
 * Without auth, other secrets (a client's own provider key) pass as anonymous, as before.
 */
export function identifyCaller(headers: IncomingMessage['headers'], config: Config, keys: KeyService | undefined): Caller | undefined {
  const required = authRequired(config);
  const presented = presentedSecret(headers);
  if (presented === undefined) return required ? undefined : { kind: 'anonymous' };
  if (config.apiKeys.length > 0 && configKey(presented, config.apiKeys)) return { kind: 'config' };
  if (keys && isVirtualKey(presented)) {
    const policy = keys.identify(presented);
    return policy ? { kind: 'key', policy } : undefined;
  }
  return required ? undefined : { kind: 'anonymous' };
}
