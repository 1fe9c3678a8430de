// Virtual keys shared by the daemons of a cluster. Redis holds the truth (one hash field per key
// name, the secret only as its hash); each daemon answers lookups from its mirror in memory, also
// written to its router.db, so a request never waits on Redis to learn who sent it and a daemon
// started while Redis is down still knows the keys. A create, revoke or rotate is written to Redis
// and announced on the bus; the others re-read the hash at once (well within a second).
//
// While Redis is down: create and rotate are refused (two daemons could hand out one name twice),
// a revoke is applied here at once and written to Redis when it is back (a revoke never waits).
import { RpcCode, RpcError } from '../../protocol/index.js';
import type { KeyRecord, KeysRepo } from '../../store/keys-repo.js';
import type { KeyDirectory } from '../keys/directory.js';
import type { Bus } from './bus.js';
import type { ClusterKeys } from './keys.js';
import type { RedisLink } from './link.js';

export class SharedKeyDirectory implements KeyDirectory {
  private byName = new Map<string, KeyRecord>();
  private byHash = new Map<string, KeyRecord>();
  /** Revokes made while Redis was down, written at the resync. */
  private readonly unsentRevokes = new Set<string>();

  constructor(
    private readonly link: RedisLink,
    private readonly keys: ClusterKeys,
    private readonly bus: Bus,
    private readonly repo: KeysRepo,
    /** The keys changed (here or elsewhere): drop what was memoised about them. */
    private readonly onChange: () => void,
  ) {
    this.adoptAll(repo.list());
    bus.on((notice) => {
      if (notice.k === 'keys') void this.reload();
    });
    link.onUp(() => void this.resync());
  }

  list(): KeyRecord[] {
    return [...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): KeyRecord | undefined {
    return this.byName.get(name);
  }

  findByHash(hash: string): KeyRecord | undefined {
    return this.byHash.get(hash);
  }

  async create(k: KeyRecord): Promise<boolean> {
    this.needRedis('create');
    // HSETNX: of two daemons creating one name at once, exactly one wins.
    const created = await this.link.cmd.hSetNX(this.keys.virtualKeys, k.name, JSON.stringify(k));
    if (created === 0) {
      await this.reload();
      return false;
    }
    this.written(k);
    return true;
  }

  async revoke(name: string, at: number): Promise<boolean> {
    const k = this.byName.get(name);
    if (!k || k.revokedAt !== null) return false;
    this.written({ ...k, revokedAt: at }, false);
    try {
      await this.writeRevoke(name, at);
      this.bus.send({ k: 'keys' });
    } catch {
      this.unsentRevokes.add(name);
    }
    return true;
  }

  async rotate(name: string, secretHash: string, last4: string, at: number): Promise<boolean> {
    this.needRedis('rotate');
    const current = await this.link.cmd.hGet(this.keys.virtualKeys, name);
    if (current === null) return false;
    const next: KeyRecord = { ...(JSON.parse(current) as KeyRecord), secretHash, last4, rotatedAt: at };
    await this.link.cmd.hSet(this.keys.virtualKeys, name, JSON.stringify(next));
    this.written(next);
    return true;
  }

  private needRedis(what: string): void {
    if (this.link.state !== 'up')
      throw new RpcError(
        RpcCode.Failed,
        `cannot ${what} a key while the cluster's Redis is unreachable (${this.link.lastError ?? 'not connected'}); existing keys keep working`,
      );
  }

  /** Revoked in Redis, whatever else another daemon changed in the record meanwhile. */
  private async writeRevoke(name: string, at: number): Promise<void> {
    if (this.link.state !== 'up') throw new Error('redis down');
    const current = await this.link.cmd.hGet(this.keys.virtualKeys, name);
    const base = current === null ? this.byName.get(name) : (JSON.parse(current) as KeyRecord);
    if (!base || base.revokedAt !== null) return;
    await this.link.cmd.hSet(this.keys.virtualKeys, name, JSON.stringify({ ...base, revokedAt: at }));
  }

  /** Ours now (mirror and router.db), announced to the others unless told not to. */
  private written(k: KeyRecord, announce = true): void {
    this.repo.put(k);
    this.adoptAll([...this.byName.values()].filter((r) => r.name !== k.name).concat(k));
    if (announce) this.bus.send({ k: 'keys' });
  }

  private adoptAll(records: KeyRecord[]): void {
    this.byName = new Map(records.map((r) => [r.name, r]));
    this.byHash = new Map(records.map((r) => [r.secretHash, r]));
    this.onChange();
  }

  /** Takes Redis's keys as ours. */
  private async reload(): Promise<void> {
    try {
      const hash = await this.link.cmd.hGetAll(this.keys.virtualKeys);
      const records = Object.values(hash).map((json) => JSON.parse(json) as KeyRecord);
      for (const r of records) this.repo.put(r);
      this.adoptAll(records);
    } catch {
      // Down again: the resync reads them.
    }
  }

  /**
   * On every (re)connection: revokes made while away go out; keys Redis does not have (it restarted
   * empty, or this daemon's router.db knows keys the cluster lost) are written back; then Redis's
   * keys are ours.
   */
  private async resync(): Promise<void> {
    try {
      const theirs = await this.link.cmd.hGetAll(this.keys.virtualKeys);
      let wrote = false;
      for (const k of this.byName.values())
        if (!(k.name in theirs)) wrote = (await this.link.cmd.hSetNX(this.keys.virtualKeys, k.name, JSON.stringify(k))) === 1 || wrote;
      for (const name of [...this.unsentRevokes]) {
        const revokedAt = this.byName.get(name)?.revokedAt;
        if (revokedAt !== undefined && revokedAt !== null) await this.writeRevoke(name, revokedAt);
        this.unsentRevokes.delete(name);
        wrote = true;
      }
      if (wrote) this.bus.send({ k: 'keys' });
      await this.reload();
    } catch {
      // The link went down again; the next onUp resyncs.
    }
  }
}
