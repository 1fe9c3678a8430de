// One temp folder per test run. os.tmpdir() reads TMPDIR, so every tempHome(), every daemon's
// socket and ledger and every Codex work folder of the run lands under it, in the test workers and
// in the processes they start, and the whole of it goes when the run ends. Before, each `npm test`
// left about 100 folders (26 MB) in /tmp. KEEP_TEST_TMP=1 keeps it, to look at after a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  // Every project of the config inherits this setup: the first one makes the folder, the others share it.
  if (process.env.LLM_ROUTER_TEST_TMP !== undefined) return () => {};
  const dir = mkdtempSync(join(tmpdir(), 'llm-router-tests-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  process.env.LLM_ROUTER_TEST_TMP = dir;
  return () => {
    delete process.env.LLM_ROUTER_TEST_TMP;
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (process.env.KEEP_TEST_TMP === '1') console.log(`test temp folder kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
