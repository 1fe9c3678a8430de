// A daemon's name in its cluster. It must stay the same across restarts of one ROUTER_HOME: the
// daemon's share of the spend is filed under it, and a new name would count that share twice.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { StateRepo } from '../../store/types.js';

const NAME_KEY = 'cluster.daemon';

export function daemonName(configured: string | undefined, repo: StateRepo): string {
  if (configured) return configured;
  const saved = repo.get<string>(NAME_KEY);
  if (typeof saved === 'string' && saved) return saved;
  const host = (hostname().split('.')[0] ?? 'host').replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 40) || 'host';
  const made = `${host}-${randomBytes(3).toString('hex')}`;
  repo.set(NAME_KEY, made);
  return made;
}
