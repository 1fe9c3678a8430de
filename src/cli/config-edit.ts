// Edits a route's target list in config.yaml in place, keeping comments and layout (yaml's
// Document API), validating the result before an atomic rename.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { formatProblem, parseConfig } from '../config/load.js';
import { CliError } from './errors.js';

export type TargetEdit = { kind: 'set'; target: string; position: number } | { kind: 'remove'; target: string };

export async function routeTargets(file: string, route: string): Promise<string[]> {
  const { doc } = await open(file);
  return itemsOf(doc, route, file).map((i) => i.id);
}

/** Applies the edit and returns the new order. Insert semantics: [A,B,C] set D at 2 → [A,D,B,C]. */
export async function editRouteTargets(file: string, route: string, edit: TargetEdit): Promise<string[]> {
  const { doc } = await open(file);
  const seq = doc.getIn(['routes', route, 'targets'], true);
  if (!isSeq(seq)) throw new CliError('not_found', `route "${route}" has no targets list in ${file}`);
  const items = itemsOf(doc, route, file);
  const at = items.findIndex((i) => i.id === edit.target);
  if (edit.kind === 'remove') {
    if (at === -1) throw new CliError('not_found', `${edit.target} is not a target of route ${route}`);
    if (items.length === 1) throw new CliError('failed', `refusing to remove the last target of route ${route}`);
    seq.items.splice(at, 1);
  } else {
    if (edit.position < 1) throw new CliError('usage', '--position counts from 1');
    const node = at === -1 ? doc.createNode(edit.target) : seq.items.splice(at, 1)[0];
    seq.items.splice(Math.min(edit.position - 1, seq.items.length), 0, node);
  }
  const text = doc.toString();
  const check = parseConfig(text, file);
  if (!check.ok) throw new CliError('config_invalid', `the edit would make the config invalid:\n${check.problems.map(formatProblem).join('\n')}`);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, file);
  return itemsOf(doc, route, file).map((i) => i.id);
}

async function open(file: string): Promise<{ doc: Document }> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CliError('not_found', `no config file at ${file}`, 'create one with: router init');
  });
  const doc = parseDocument(text);
  if (doc.errors.length) throw new CliError('config_invalid', `${file} does not parse: ${doc.errors[0]!.message}`);
  return { doc };
}

function itemsOf(doc: Document, route: string, file: string): Array<{ id: string }> {
  const seq = doc.getIn(['routes', route, 'targets'], true);
  if (!isSeq(seq)) throw new CliError('not_found', `no route "${route}" with a targets list in ${file}`);
  return seq.items.map((item) => {
    if (isScalar(item)) return { id: String(item.value) };
    if (isMap(item)) return { id: String(item.get('target')) };
    return { id: String(item) };
  });
}
