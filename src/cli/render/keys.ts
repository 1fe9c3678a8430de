// Renderings of virtual keys and the response cache.
import type { CacheStatsDTO, KeyDTO, KeySecretDTO } from '../../protocol/index.js';
import { palette } from './output.js';
import { usd } from './spend.js';
import { table } from './table.js';

function budgetCell(k: KeyDTO): string {
  if (k.budgetUsd === null) return k.spentUsd > 0 ? `${usd(k.spentUsd)} (no budget)` : '-';
  const text = `${usd(k.spentUsd)} / ${usd(k.budgetUsd)} ${k.budgetPeriod}`;
  return k.spentUsd >= k.budgetUsd ? palette().red(text) : text;
}

const limit = (n: number | null): string => (n === null ? '-' : String(n));

export function keysText(keys: readonly KeyDTO[]): string {
  if (keys.length === 0) return 'no virtual keys yet (router keys create NAME)';
  return table(
    ['name', 'key', 'status', 'budget', 'rpm', 'tpm', 'routes', 'created'],
    keys.map((k) => [
      k.name,
      k.masked,
      k.status === 'revoked' ? palette().red('revoked') : 'active',
      budgetCell(k),
      limit(k.rpm),
      limit(k.tpm),
      k.routes?.join(', ') ?? 'all',
      k.createdAt.slice(0, 16).replace('T', ' '),
    ]),
  );
}

/** The one time a secret is printed: on its own line first, so `| head -1` gets it. */
export function secretText(k: KeySecretDTO, verb: 'created' | 'rotated'): string {
  return [
    k.key,
    '',
    `key "${k.name}" ${verb}. This secret is shown once and never again: store it now.`,
    'Clients send it as `Authorization: Bearer <key>` (OpenAI SDKs) or `x-api-key: <key>` (Anthropic SDKs).',
  ].join('\n');
}

export function cacheStatsText(s: CacheStatsDTO): string {
  const lines = [
    `cache: ${s.enabled ? 'on' : 'off (config cache.enabled)'}; routes with cache: true: ${s.routes.join(', ') || 'none'}`,
    `entries: ${s.entries} of ${s.maxEntries} (${(s.bytes / 1024).toFixed(1)} KiB), ttl ${s.ttlSeconds} s`,
    `since start: ${s.hits} hits, ${s.misses} misses${s.hitPct === null ? '' : ` (${s.hitPct}% hits)`}`,
  ];
  return lines.join('\n');
}
