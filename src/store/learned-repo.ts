// Learned difficulty models in router.db: append-only versions, the newest in use.
import type Database from 'better-sqlite3';
import type { LearnedModel } from '../engine/learned-score.js';

export interface StoredModel {
  version: number;
  createdAt: number;
  model: LearnedModel;
  meta: Record<string, unknown>;
}

interface ModelRow {
  version: number;
  created_at: number;
  format: number;
  bits: number;
  bias: number;
  threshold: number;
  weights: Buffer;
  meta: string;
}

export class LearnedModels {
  private readonly newest: Database.Statement<[], ModelRow>;
  private readonly insert: Database.Statement<[Omit<ModelRow, 'version'>]>;

  constructor(db: Database.Database) {
    this.newest = db.prepare('SELECT * FROM learned_models ORDER BY version DESC LIMIT 1');
    this.insert = db.prepare(
      'INSERT INTO learned_models (created_at, format, bits, bias, threshold, weights, meta) VALUES (@created_at, @format, @bits, @bias, @threshold, @weights, @meta)',
    );
  }

  latest(): StoredModel | null {
    const row = this.newest.get();
    if (!row) return null;
    // Copy out of the row's buffer: its offset need not be 4-aligned for a Float32Array view.
    const weights = new Float32Array(row.weights.byteLength / 4);
    new Uint8Array(weights.buffer).set(row.weights);
    return {
      version: row.version,
      createdAt: row.created_at,
      model: { version: row.format, bits: row.bits, bias: row.bias, threshold: row.threshold, weights },
      meta: JSON.parse(row.meta) as Record<string, unknown>,
    };
  }

  /** A new version; returns its number. */
  save(model: LearnedModel, meta: Record<string, unknown>, now: number): number {
    const weights = Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength);
    const r = this.insert.run({ created_at: now, format: model.version, bits: model.bits, bias: model.bias, threshold: model.threshold, weights, meta: JSON.stringify(meta) });
    return Number(r.lastInsertRowid);
  }
}
