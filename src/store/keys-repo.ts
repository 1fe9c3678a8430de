// Virtual keys: one row per key name, the secret only as its SHA-256 hash (a 256-bit random secret
// needs no slow hash: it cannot be guessed, only leaked). Few rows, rare writes: written directly.
import type Database from 'better-sqlite3';

export interface KeyRecord {
  name: string;
  secretHash: string;
  last4: string;
  createdAt: number;
  rotatedAt: number | null;
  revokedAt: number | null;
  budgetUsd: number | null;
  budgetPeriod: 'daily' | 'monthly';
  rpm: number | null;
  tpm: number | null;
  routes: string[] | null;
}

interface KeyRow {
  name: string;
  secret_hash: string;
  last4: string;
  created_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
  budget_usd: number | null;
  budget_period: string;
  rpm: number | null;
  tpm: number | null;
  routes: string | null;
}

const columns = 'name, secret_hash, last4, created_at, rotated_at, revoked_at, budget_usd, budget_period, rpm, tpm, routes';

function fromRow(r: KeyRow): KeyRecord {
  return {
    name: r.name,
    secretHash: r.secret_hash,
    last4: r.last4,
    createdAt: r.created_at,
    rotatedAt: r.rotated_at,
    revokedAt: r.revoked_at,
    budgetUsd: r.budget_usd,
    budgetPeriod: r.budget_period === 'monthly' ? 'monthly' : 'daily',
    rpm: r.rpm,
    tpm: r.tpm,
    routes: r.routes === null ? null : (JSON.parse(r.routes) as string[]),
  };
}

function values(k: KeyRecord): unknown[] {
  const routes = k.routes === null ? null : JSON.stringify(k.routes);
  return [k.name, k.secretHash, k.last4, k.createdAt, k.rotatedAt, k.revokedAt, k.budgetUsd, k.budgetPeriod, k.rpm, k.tpm, routes];
}

export class KeysRepo {
  private readonly all: Database.Statement<[], KeyRow>;
  private readonly byName: Database.Statement<[string], KeyRow>;
  private readonly byHash: Database.Statement<[string], KeyRow>;
  private readonly insert: Database.Statement<unknown[]>;
  private readonly replace: Database.Statement<unknown[]>;
  private readonly revokeOne: Database.Statement<[number, string]>;
  private readonly rotateOne: Database.Statement<[string, string, number, string]>;

  constructor(db: Database.Database) {
    this.all = db.prepare(`SELECT ${columns} FROM virtual_keys ORDER BY name`);
    this.byName = db.prepare(`SELECT ${columns} FROM virtual_keys WHERE name = ?`);
    this.byHash = db.prepare(`SELECT ${columns} FROM virtual_keys WHERE secret_hash = ?`);
    this.insert = db.prepare(`INSERT INTO virtual_keys (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.replace = db.prepare(`INSERT OR REPLACE INTO virtual_keys (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.revokeOne = db.prepare('UPDATE virtual_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL');
    this.rotateOne = db.prepare('UPDATE virtual_keys SET secret_hash = ?, last4 = ?, rotated_at = ? WHERE name = ?');
  }

  list(): KeyRecord[] {
    return this.all.all().map(fromRow);
  }

  get(name: string): KeyRecord | undefined {
    const r = this.byName.get(name);
    return r && fromRow(r);
  }

  findByHash(hash: string): KeyRecord | undefined {
    const r = this.byHash.get(hash);
    return r && fromRow(r);
  }

  /** false when the name is taken. */
  create(k: KeyRecord): boolean {
    if (this.byName.get(k.name)) return false;
    this.insert.run(values(k));
    return true;
  }

  /** Writes the record as it is, new or not: a cluster's copy of the keys in Redis. */
  put(k: KeyRecord): void {
    this.replace.run(values(k));
  }

  revoke(name: string, at: number): boolean {
    return this.revokeOne.run(at, name).changes > 0;
  }

  rotate(name: string, secretHash: string, last4: string, at: number): boolean {
    return this.rotateOne.run(secretHash, last4, at, name).changes > 0;
  }
}
