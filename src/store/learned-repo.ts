// Learned difficulty models in router.db: append-only versions, the newest in use.
import type Database from 'better-sqlite3';
import type { LearnedCalibration } from '../engine/learned-blend.js';
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
  biases: string;
  threshold: number;
  weights: Buffer;
  meta: string;
  /** JSON LearnedCalibration (schema 10); NULL for format-2 models. */
  calibration: string | null;
}

export class LearnedModels {
  private readonly newest: Database.Statement<[], ModelRow>;
  private readonly insert: Database.Statement<[Omit<ModelRow, 'version'>]>;

  constructor(db: Database.Database) {
    this.newest = db.prepare('SELECT * FROM learned_models ORDER BY version DESC LIMIT 1');
    this.insert = db.prepare(
      'INSERT INTO learned_models (created_at, format, bits, biases, threshold, weights, meta, calibration) ' +
        'VALUES (@created_at, @format, @bits, @biases, @threshold, @weights, @meta, @calibration)',
    );
  }

  latest(): StoredModel | null {
    const row = this.newest.get();
    if (!row) return null;
    // Copy out of the row's buffer: its offset need not be 4-aligned for a Float32Array view.
    const all = new Float32Array(row.weights.byteLength / 4);
    new Uint8Array(all.buffer).set(row.weights);
    const size = 2 ** row.bits;
    const heads = (JSON.parse(row.biases) as number[]).map((bias, h) => ({ bias, weights: all.subarray(h * size, (h + 1) * size) }));
    return {
      version: row.version,
      createdAt: row.created_at,
      model: {
        version: row.format,
        bits: row.bits,
        heads,
        threshold: row.threshold,
        ...(row.calibration === null ? {} : { calibration: JSON.parse(row.calibration) as LearnedCalibration }),
      },
      meta: JSON.parse(row.meta) as Record<string, unknown>,
    };
  }

  /** A new version; returns its number. */
  save(model: LearnedModel, meta: Record<string, unknown>, now: number): number {
    const weights = Buffer.concat(model.heads.map((h) => Buffer.from(h.weights.buffer, h.weights.byteOffset, h.weights.byteLength)));
    const biases = JSON.stringify(model.heads.map((h) => h.bias));
    const r = this.insert.run({
      created_at: now,
      format: model.version,
      bits: model.bits,
      biases,
      threshold: model.threshold,
      weights,
      meta: JSON.stringify(meta),
      calibration: model.calibration ? JSON.stringify(model.calibration) : null,
    });
    return Number(r.lastInsertRowid);
  }
}
