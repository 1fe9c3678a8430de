// Builds the dashboard (src/ui) into dist/ui: one ES module, one stylesheet, index.html. Everything
// the page needs is in these files (Preact and uPlot bundled in): no CDN, no outside fetch.
// Fails the build when the page grows past its budget (300 KB, SPEC issue 13).
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'dist/ui');
const PAGE_BUDGET_BYTES = 300 * 1024;

mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: join(root, 'src/ui/main.tsx') },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'warning',
});
copyFileSync(join(root, 'src/ui/index.html'), join(out, 'index.html'));

const total = readdirSync(out).reduce((sum, f) => sum + statSync(join(out, f)).size, 0);
if (total > PAGE_BUDGET_BYTES) {
  process.stderr.write(`dist/ui is ${total} bytes, over the page budget of ${PAGE_BUDGET_BYTES}\n`);
  process.exit(1);
}
