// A virtual key's secret: 256 random bits behind a recognisable prefix, kept only as its SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import { VIRTUAL_KEY_PREFIX } from '../../engine/virtual-keys.js';

export function newSecret(): string {
  return VIRTUAL_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
