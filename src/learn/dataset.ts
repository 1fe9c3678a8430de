// Labeled outcome tables: one JSON object a line, {"id","prompt","outcomes":{"p/m":0..1},"costs"?:{"p/m":usd}}.
import { readFileSync } from 'node:fs';
import { builtinCatalog } from '../config/catalog.js';
import { costUsd } from '../engine/cost.js';
import type { OutcomeTable } from './curve.js';
import { promptTokens } from './routers.js';

export interface LabeledItem {
  id: string;
  prompt: string;
  outcomes: Record<string, number>;
  costs?: Record<string, number>;
  /** The prompt's real length when `prompt` was redacted or shortened (captured traffic); else prompt.length. */
  chars?: number;
  /** 1-based line in its file, for messages. */
  line: number;
}

/** A problem with the data, with the code the CLI maps to an exit status (usage 2, not found 4). */
export class DataError extends Error {
  constructor(
    readonly code: 'usage' | 'not_found',
    message: string,
  ) {
    super(message);
    this.name = 'DataError';
  }
}

const isRecordOfNumbers = (v: unknown): v is Record<string, number> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'number' && Number.isFinite(x));

export function parseItems(text: string, file: string): LabeledItem[] {
  const items: LabeledItem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const where = `${file}:${i + 1}`;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (err) {
      throw new DataError('usage', `${where}: not JSON (${(err as Error).message})`);
    }
    const o = obj as Partial<LabeledItem>;
    if (typeof obj !== 'object' || obj === null || typeof o.prompt !== 'string')
      throw new DataError('usage', `${where}: needs a string "prompt"`);
    if (!isRecordOfNumbers(o.outcomes)) throw new DataError('usage', `${where}: needs "outcomes": {"provider/model": 0..1}`);
    if (o.costs !== undefined && !isRecordOfNumbers(o.costs))
      throw new DataError('usage', `${where}: "costs" must map "provider/model" to USD`);
    items.push({
      id: typeof o.id === 'string' ? o.id : String(i + 1),
      prompt: o.prompt,
      outcomes: o.outcomes,
      costs: o.costs,
      line: i + 1,
    });
  }
  if (items.length === 0) throw new DataError('usage', `${file}: no items`);
  return items;
}

export function readItems(file: string): LabeledItem[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(
      code === 'ENOENT' ? 'not_found' : 'usage',
      code === 'ENOENT' ? `no data file at ${file}` : `cannot read ${file}: ${(err as Error).message}`,
    );
  }
  return parseItems(text, file);
}

/** Every item must have an outcome for both models; the first that lacks one is named. */
export function checkModels(items: readonly LabeledItem[], file: string, models: readonly string[]): void {
  for (const model of models) {
    const missing = items.find((it) => !(model in it.outcomes));
    if (!missing) continue;
    const known = Object.keys(items[0]!.outcomes).join(', ');
    throw new DataError('not_found', `${file}:${missing.line}: no outcome for ${model} (models there: ${known})`);
  }
}

/** Catalog input price × estimated prompt tokens when the item carries no cost (output length is unknown). */
function itemCost(item: LabeledItem, model: string): number {
  const given = item.costs?.[model];
  if (given !== undefined) return given;
  const entry = builtinCatalog[model];
  return costUsd({ inputTokens: promptTokens(item.prompt), outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }, entry);
}

export function outcomeTable(items: readonly LabeledItem[], strong: string, weak: string): OutcomeTable {
  return {
    strong: Float64Array.from(items, (it) => it.outcomes[strong]!),
    weak: Float64Array.from(items, (it) => it.outcomes[weak]!),
    strongCost: Float64Array.from(items, (it) => itemCost(it, strong)),
    weakCost: Float64Array.from(items, (it) => itemCost(it, weak)),
  };
}
