// Edits a route's target list in config.yaml in place: yaml's Document finds the list, the edit
// splices only its lines (seq-text-edit), and the result is validated before an atomic rename.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { formatProblem, parseConfig } from '../config/load.js';
import { CliError } from './errors.js';
import { editSeqText } from './seq-text-edit.js';

export type TargetEdit = { kind: 'set'; target: string; position: number } | { kind: 'remove'; target: string };

export async function routeTargets(file: string, route: string): Promise<string[]> {
  const { doc } = await open(file);
  return itemsOf(doc, route, file).map((i) => i.id);
}

/** Applies the edit and returns the new order. Insert semantics: [A,B,C] set D at 2 → [A,D,B,C]. */
export async function editRouteTargets(file: string, route: string, edit: TargetEdit): Promise<string[]> {
  const { doc, source } = await open(file);
  const seq = doc.getIn(['routes', route, 'targets'], true);
  if (!isSeq(seq)) throw new CliError('not_found', `route "${route}" has no targets list in ${file}`);
  const items = itemsOf(doc, route, file);
  const at = items.findIndex((i) => i.id === edit.target);
  let text: string;
  if (edit.kind === 'remove') {
    if (at === -1) throw new CliError('not_found', `${edit.target} is not a target of route ${route}`);
    if (items.length === 1) throw new CliError('failed', `refusing to remove the last target of route ${route}`);
    text = editSeqText(source, seq, { kind: 'remove', from: at });
  } else {
    if (edit.position < 1) throw new CliError('usage', '--position counts from 1');
    const to = edit.position - 1;
    text =
      at === -1
        ? editSeqText(source, seq, { kind: 'insert', text: yamlScalar(edit.target), to })
        : editSeqText(source, seq, { kind: 'move', from: at, to });
  }
  const check = parseConfig(text, file);
  if (!check.ok)
    throw new CliError('config_invalid', `the edit would make the config invalid:\n${check.problems.map(formatProblem).join('\n')}`);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, file);
  return itemsOf(parseDocument(text), route, file).map((i) => i.id);
}

/** provider/model ids are plain YAML scalars; anything unusual is written quoted. */
function yamlScalar(id: string): string {
  return /^[A-Za-z0-9][\w./@:+-]*$/.test(id) ? id : JSON.stringify(id);
}

async function open(file: string): Promise<{ doc: Document; source: string }> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CliError('not_found', `no config file at ${file}`, 'create one with: router init');
  });
  const doc = parseDocument(text);
  if (doc.errors.length) throw new CliError('config_invalid', `${file} does not parse: ${doc.errors[0]!.message}`);
  return { doc, source: text };
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
