// Out-of-family routing quality (issue 16): train the learned router on half of the task families
// (subjects) and score it on the other half, four ways, beside the baselines on the same items.
// Run after `npm run build`:
//   node bench/family-splits.js --data FILE.jsonl --strong P/M --weak P/M [--quality 0.95] [--out DIR] [--folds 5]
//     [--epochs N]   (train N epochs instead of the count leave-cluster-out validation picks)
// The splits, as README (Routing quality) defines them:
//   A/B: the subjects sorted by name, alternate ones in A (the 1st, 3rd, …) and B;
//   C/D: by bit 3 of the subject name's Java-style string hash (h = 31·h + code, int32): 0 → C, 1 → D.
// An item's subject is its "subject" field, or else its id without the trailing "-N" (MMLU's
// "anatomy-12"). Only this script reads it; the model and the router see prompts only.
// It writes A/B/C/D.jsonl to --out (a temp dir by default) so each run can be repeated with
// `router eval --data B.jsonl --train A.jsonl …`, then runs the four in process and prints one table.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkModels, readItems } from '../dist/learn/dataset.js';
import { evaluate } from '../dist/learn/evaluate.js';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    strong: { type: 'string' },
    weak: { type: 'string' },
    quality: { type: 'string', default: '0.95' },
    out: { type: 'string' },
    folds: { type: 'string' },
    epochs: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
if (!args.data || !args.strong || !args.weak) {
  console.error(
    'usage: node bench/family-splits.js --data FILE.jsonl --strong P/M --weak P/M [--quality 0.95] [--out DIR] [--folds K] [--json]',
  );
  process.exit(2);
}
const quality = Number(args.quality);
const choice = args.epochs === undefined ? undefined : { epochs: Number(args.epochs), validated: false };

const subjectOf = (o) => (typeof o.subject === 'string' ? o.subject : String(o.id ?? '').replace(/-\d+$/, ''));
const javaHash = (s) => {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
};

const lines = readFileSync(args.data, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const subjects = [...new Set(lines.map((l) => subjectOf(JSON.parse(l))))].sort();
if (subjects.length < 4) {
  console.error(`${args.data}: ${subjects.length} subject(s); a family split needs at least 4`);
  process.exit(2);
}
const half = {
  A: new Set(subjects.filter((_, i) => i % 2 === 0)),
  B: new Set(subjects.filter((_, i) => i % 2 === 1)),
  C: new Set(subjects.filter((s) => ((javaHash(s) >>> 3) & 1) === 0)),
  D: new Set(subjects.filter((s) => ((javaHash(s) >>> 3) & 1) === 1)),
};
const dir = args.out ?? mkdtempSync(join(tmpdir(), 'family-splits-'));
mkdirSync(dir, { recursive: true });
const files = {};
for (const [name, set] of Object.entries(half)) {
  files[name] = join(dir, `${name}.jsonl`);
  writeFileSync(files[name], lines.filter((l) => set.has(subjectOf(JSON.parse(l)))).join('\n') + '\n');
}
const items = Object.fromEntries(Object.entries(files).map(([name, file]) => [name, readItems(file)]));
for (const [name, file] of Object.entries(files)) checkModels(items[name], file, [args.strong, args.weak]);

const chosen = {};
const base = { strong: args.strong, weak: args.weak, quality, folds: 5, randomSeeds: 10, choice };
const runs = [
  ['A→B', 'A', 'B'],
  ['B→A', 'B', 'A'],
  ['C→D', 'C', 'D'],
  ['D→C', 'D', 'C'],
];
const routers = ['learned', 'heuristic', 'length', 'random', 'oracle'];
const results = {};
const cpu0 = process.cpuUsage();
for (const [label, train, test] of runs) {
  const report = evaluate(items[test], { ...base, trainItems: items[train], chose: (c) => (chosen[label] = [c]) });
  results[label] = Object.fromEntries(report.routers.map((r) => [r.router, { strongShare: r.strongShare, apgr: r.apgr }]));
}
if (args.folds) {
  const all = readItems(args.data);
  const label = `${args.folds}-fold`;
  chosen[label] = [];
  const report = evaluate(all, { ...base, folds: Number(args.folds), chose: (c) => chosen[label].push(c) });
  results[label] = Object.fromEntries(report.routers.map((r) => [r.router, { strongShare: r.strongShare, apgr: r.apgr }]));
}
const cpu = process.cpuUsage(cpu0);
const mean = (router, key) => runs.reduce((s, [label]) => s + (results[label][router][key] ?? 1), 0) / runs.length;
results.mean = Object.fromEntries(routers.map((r) => [r, { strongShare: mean(r, 'strongShare'), apgr: mean(r, 'apgr') }]));

if (args.json) {
  console.log(
    JSON.stringify({ dir, chosen, sizes: Object.fromEntries(Object.entries(items).map(([k, v]) => [k, v.length])), results }, null, 2),
  );
} else {
  const cols = Object.keys(results);
  const f = (v) => (v === null || v === undefined ? '   —  ' : v.toFixed(3).padStart(6));
  console.log(
    `splits in ${dir}: ` +
      Object.entries(items)
        .map(([k, v]) => `${k} ${half[k].size} subjects, ${v.length} items`)
        .join('; '),
  );
  for (const key of ['strongShare', 'apgr']) {
    console.log(`\n${key} at quality ${quality}${key === 'strongShare' ? ' (lower is better)' : ' (higher is better)'}`);
    console.log(['router   ', ...cols.map((c) => c.padStart(7))].join(' '));
    for (const r of routers) console.log([r.padEnd(9), ...cols.map((c) => ' ' + f(results[c][r][key]))].join(' '));
  }
  console.log(`\nepochs${choice ? ' (given)' : ' (chosen by leave-cluster-out validation)'}:`);
  for (const [label, cs] of Object.entries(chosen)) console.log(`  ${label}: ${cs.map((c) => c.epochs).join(', ')}`);
  console.log(`\n${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`);
}
