// Virtual keys for the control plane (create, list, show, revoke, rotate) and for the data plane
// (who is this secret?). Lookups by hash are memoised: a key's request costs one Map read, and
// every change here drops the memo, so a revoked or rotated secret stops working at once.
import type { KeyPolicy } from '../../engine/virtual-keys.js';
import { budgetPeriodKey, maskedKey } from '../../engine/virtual-keys.js';
import { RpcCode, RpcError, type KeyDTO, type KeySecretDTO, type ParsedParamsOf } from '../../protocol/index.js';
import type { KeyRecord } from '../../store/keys-repo.js';
import type { KeyCounters } from '../limits/types.js';
import type { KeyDirectory } from './directory.js';
import { newSecret, secretHash } from './secret.js';

export interface ActiveKey {
  policy: KeyPolicy;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function policyOf(k: KeyRecord): KeyPolicy {
  const p: KeyPolicy = { name: k.name, budgetPeriod: k.budgetPeriod };
  if (k.budgetUsd !== null) p.budgetUsd = k.budgetUsd;
  if (k.rpm !== null) p.rpm = k.rpm;
  if (k.tpm !== null) p.tpm = k.tpm;
  if (k.routes !== null) p.routes = k.routes;
  return p;
}

export class KeyService {
  /** hash -> the key, or null for a hash known not to be a live key. */
  private memo = new Map<string, KeyPolicy | null>();

  constructor(
    private readonly repo: KeyDirectory,
    readonly counters: KeyCounters,
    private readonly clock: () => number,
  ) {}

  /** The live key this secret belongs to; undefined for an unknown or revoked one. */
  identify(secret: string): KeyPolicy | undefined {
    const hash = secretHash(secret);
    let found = this.memo.get(hash);
    if (found === undefined) {
      const k = this.repo.findByHash(hash);
      found = k && k.revokedAt === null ? policyOf(k) : null;
      // Bounded: a client guessing keys must not grow the memo without limit.
      if (this.memo.size > 10_000) this.memo.clear();
      this.memo.set(hash, found);
    }
    return found ?? undefined;
  }

  /** Drops the memo: a key changed elsewhere (another daemon of the cluster). */
  forget(): void {
    this.memo.clear();
  }

  async create(p: ParsedParamsOf<'keys.create'>): Promise<KeySecretDTO> {
    const secret = newSecret();
    const record: KeyRecord = {
      name: p.name,
      secretHash: secretHash(secret),
      last4: secret.slice(-4),
      createdAt: this.clock(),
      rotatedAt: null,
      revokedAt: null,
      budgetUsd: p.budgetUsd ?? null,
      budgetPeriod: p.monthly ? 'monthly' : 'daily',
      rpm: p.rpm ?? null,
      tpm: p.tpm ?? null,
      routes: p.routes ?? null,
    };
    if (!(await this.repo.create(record)))
      throw new RpcError(RpcCode.Conflict, `a key named "${p.name}" exists already (rotate it, or pick another name)`);
    this.memo.clear();
    return { ...(await this.dto(record)), key: secret };
  }

  list(): Promise<KeyDTO[]> {
    return Promise.all(this.repo.list().map((k) => this.dto(k)));
  }

  show(name: string): Promise<KeyDTO> {
    return this.dto(this.named(name));
  }

  async revoke(name: string): Promise<KeyDTO> {
    this.named(name);
    await this.repo.revoke(name, this.clock());
    this.memo.clear();
    return this.show(name);
  }

  async rotate(name: string): Promise<KeySecretDTO> {
    const k = this.named(name);
    if (k.revokedAt !== null) throw new RpcError(RpcCode.Conflict, `key "${name}" is revoked; create a new one`);
    const secret = newSecret();
    await this.repo.rotate(name, secretHash(secret), secret.slice(-4), this.clock());
    this.memo.clear();
    return { ...(await this.show(name)), key: secret };
  }

  private named(name: string): KeyRecord {
    const k = this.repo.get(name);
    if (!k) {
      const known = this.repo.list().map((r) => r.name);
      throw new RpcError(RpcCode.NotFound, `no key named "${name}" (keys: ${known.join(', ') || 'none'})`);
    }
    return k;
  }

  private async dto(k: KeyRecord): Promise<KeyDTO> {
    const period = budgetPeriodKey(k.budgetPeriod, this.clock());
    const usage = await this.counters.usage(k.name, period);
    return {
      name: k.name,
      masked: maskedKey(k.last4),
      status: k.revokedAt === null ? 'active' : 'revoked',
      createdAt: iso(k.createdAt) as string,
      rotatedAt: iso(k.rotatedAt),
      revokedAt: iso(k.revokedAt),
      budgetUsd: k.budgetUsd,
      budgetPeriod: k.budgetPeriod,
      spentUsd: usage.spentUsd,
      reservedUsd: usage.reservedUsd,
      rpm: k.rpm,
      tpm: k.tpm,
      routes: k.routes,
    };
  }
}
