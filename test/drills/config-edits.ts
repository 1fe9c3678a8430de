// Drill (h), live config edits: while a client keeps sending requests, the watched config file is
// rewritten with broken YAML, a schema error, an empty file, a truncated file and exposure-weakening
// edits; each must be refused (the daemon keeps the config it had) and traffic must keep flowing.
// The last case is the one that matters most: a daemon bound beyond loopback (0.0.0.0, reached here
// only through 127.0.0.1) with apiKeys, and an edit that drops them while its own `listen` says
// loopback: the address actually bound is what counts, so the edit must be refused.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFaultUpstream } from '../helpers/fault-upstream.js';
import { chatBody, formatFigures, isAlive, logLines, post, type Figure } from '../helpers/drill-kit.js';
import { cli, tempHome } from '../helpers/router.js';

export interface EditOutcome {
  edit: string;
  verdict: 'refused' | 'accepted' | 'no answer';
}

export interface ConfigEditsResult {
  edits: EditOutcome[];
  refusedWrongly: number;
  acceptedWrongly: string[];
  sent: number;
  failed: number;
  unauthenticatedOk: number;
  alive: boolean;
}

const KEY = 'drill-router-key';

/**
 * `bindBy`: the non-loopback address comes from `--listen` (a flag the daemon keeps across reloads)
 * or from the config file's own `listen` (the one an edit can change).
 */
export async function runConfigEditsDrill(bindBy: 'flag' | 'file'): Promise<ConfigEditsResult> {
  const upstream = await startFaultUpstream('openai');
  upstream.script({ kind: 'ok', words: 5 });
  const listen = bindBy === 'file' ? 'listen: 0.0.0.0:0\n' : '';
  const good = `${listen}providers:\n  p: { type: openai-compatible, baseUrl: "${upstream.url}" }\nroutes:\n  main: { targets: [p/fault-model] }\napiKeys: [${KEY}]\n`;
  const home = tempHome();
  const file = join(home, 'config.yaml');
  writeFileSync(file, good);
  // Bound beyond loopback, so dropping apiKeys would expose it; the drill's traffic still goes to 127.0.0.1.
  const started = await cli(home, ['daemon', 'start', ...(bindBy === 'flag' ? ['--listen', '0.0.0.0:0'] : []), '--json']);
  if (started.exitCode !== 0) throw new Error(`daemon start failed: ${started.stdout} ${started.stderr}`);
  const status = JSON.parse(started.stdout) as { pid: number; listen: string };
  const url = `http://127.0.0.1:${status.listen.split(':').at(-1)}`;
  const auth = { authorization: `Bearer ${KEY}` };
  let running = true;
  let sent = 0;
  let failed = 0;
  const traffic = (async () => {
    while (running) {
      sent++;
      const r = await post(url, '/v1/chat/completions', chatBody('main', sent % 2 === 0), { headers: auth, timeoutMs: 10_000 });
      if (r.status !== 200 || !r.ended) failed++;
      await new Promise((res) => setTimeout(res, 20));
    }
  })();
  const verdicts = () => logLines(home).filter((l) => l.msg === 'config.reloaded' || l.msg === 'config.rejected');
  /** Writes the file (in place, or by rename as editors do) and waits for the daemon's verdict. */
  const edit = async (text: string, byRename = false): Promise<EditOutcome['verdict']> => {
    const before = verdicts().length;
    if (byRename) {
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
    } else writeFileSync(file, text);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const now = verdicts();
      if (now.length > before) return now.at(-1)?.msg === 'config.rejected' ? 'refused' : 'accepted';
      await new Promise((res) => setTimeout(res, 25));
    }
    return 'no answer';
  };
  const edits: EditOutcome[] = [];
  let refusedWrongly = 0;
  let unauthenticatedOk = 0;
  try {
    const base = good.replace(listen, '');
    const cases: Array<[string, string, boolean?]> = [
      ['broken YAML', 'providers: [oops\n'],
      ['schema error (unknown provider)', good.replace('p/fault-model', 'nope/fault-model')],
      ['empty file', ''],
      ['truncated file', good.slice(0, good.indexOf('routes:') + 9)],
      ['truncated by rename', good.slice(0, 40), true],
      ['listen 0.0.0.0 without apiKeys', base.replace(`apiKeys: [${KEY}]`, 'listen: 0.0.0.0:0')],
      ['apiKeys dropped, listen loopback', base.replace(`apiKeys: [${KEY}]`, 'listen: 127.0.0.1:0')],
      ['apiKeys emptied', good.replace(`apiKeys: [${KEY}]`, 'apiKeys: []')],
    ];
    for (const [name, text, byRename] of cases) {
      edits.push({ edit: name, verdict: await edit(text, byRename) });
      const r = await post(url, '/v1/chat/completions', chatBody('main', false), { timeoutMs: 10_000 });
      if (r.status === 200) unauthenticatedOk++;
      // Back to the good config (accepted, or the drill itself is broken).
      if ((await edit(good)) !== 'accepted') refusedWrongly++;
    }
  } finally {
    running = false;
    await traffic;
  }
  const alive = isAlive(status.pid);
  await cli(home, ['daemon', 'stop']);
  await upstream.close();
  const acceptedWrongly = edits.filter((e) => e.verdict !== 'refused').map((e) => e.edit);
  const figures: Figure[] = [
    ...edits.map((e) => ({ name: `edit: ${e.edit}`, value: e.verdict, bar: 'refused', ok: e.verdict === 'refused' })),
    {
      name: 'good config restored after each edit',
      value: `${edits.length - refusedWrongly}/${edits.length}`,
      bar: 'all',
      ok: refusedWrongly === 0,
    },
    { name: 'requests without the key answered 200', value: unauthenticatedOk, bar: '0', ok: unauthenticatedOk === 0 },
    { name: 'requests with the key that failed', value: `${failed}/${sent}`, bar: '0', ok: failed === 0 },
    { name: 'daemon alive', value: alive ? 'yes' : 'no', bar: 'yes', ok: alive },
  ];
  console.log(
    `\n${formatFigures(`live config edits, bound to 0.0.0.0 by ${bindBy === 'flag' ? '--listen' : "the file's listen"}`, figures)}\n`,
  );
  return { edits, refusedWrongly, acceptedWrongly, sent, failed, unauthenticatedOk, alive };
}
