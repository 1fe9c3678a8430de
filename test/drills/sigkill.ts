// Drill (d), SIGKILL under load: clients keep a healthy route busy, the daemon is killed with SIGKILL
// in the middle, then started again on the same home. The database must pass `pragma
// integrity_check`, and the answers the clients received whole but the ledger lost must be no more
// than one flush window's worth (the ledger writes in batches every flushIntervalMs, 50 ms).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startFaultUpstream } from '../helpers/fault-upstream.js';
import { chatBody, formatFigures, ledgerIds, post, size, type Figure } from '../helpers/drill-kit.js';
import { startDaemon } from '../helpers/router.js';

export const FLUSH_WINDOW_MS = 50;

export interface SigkillResult {
  completed: number;
  lost: number;
  /** The most answers completed in any one flush window during the run: the bar for `lost`. */
  windowRows: number;
  /** Answers completed in the last flush window before the kill. */
  lastWindow: number;
  integrity: string;
  restarted: boolean;
}

export async function runSigkillDrill(clients = size(16, 64), loadMs = size(2000, 10_000)): Promise<SigkillResult> {
  const upstream = await startFaultUpstream('openai');
  upstream.script({ kind: 'ok', words: 20 });
  const d = await startDaemon(
    `providers:\n  p: { type: openai-compatible, baseUrl: "${upstream.url}" }\nroutes:\n  main: { targets: [p/fault-model] }\n`,
  );
  const done: Array<{ id: string; at: number }> = [];
  let running = true;
  let restarted = false;
  let integrity = 'not checked';
  try {
    const loop = async () => {
      while (running) {
        const stream = done.length % 2 === 0;
        const r = await post(d.url, '/v1/chat/completions', chatBody('main', stream), { timeoutMs: 10_000 });
        const whole = r.status === 200 && r.ended && (!stream || r.body.trimEnd().endsWith('data: [DONE]'));
        if (whole && running) done.push({ id: r.decision, at: Date.now() });
      }
    };
    const load = Array.from({ length: clients }, loop);
    await new Promise((r) => setTimeout(r, loadMs));
    const killedAt = Date.now();
    process.kill(d.pid, 'SIGKILL');
    running = false;
    await Promise.all(load);
    const answered = done.filter((x) => x.at <= killedAt);
    const again = await startDaemon(undefined, d.home);
    restarted = true;
    try {
      const db = new Database(join(d.home, 'router.db'), { readonly: true });
      integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? 'no answer';
      db.close();
      const have = ledgerIds(d.home);
      const lost = answered.filter((x) => !have.has(x.id)).length;
      let windowRows = 0;
      for (let i = 0, j = 0; i < answered.length; i++) {
        while ((answered[j] as { at: number }).at < (answered[i] as { at: number }).at - FLUSH_WINDOW_MS) j++;
        windowRows = Math.max(windowRows, i - j + 1);
      }
      const lastWindow = answered.filter((x) => x.at > killedAt - FLUSH_WINDOW_MS).length;
      const figures: Figure[] = [
        { name: 'answers received whole before the kill', value: answered.length },
        { name: 'of them missing from the ledger', value: lost, bar: `≤ ${windowRows}`, ok: lost <= windowRows },
        { name: 'answers in the busiest 50 ms window', value: windowRows },
        { name: 'answers in the last 50 ms before the kill', value: lastWindow },
        { name: 'pragma integrity_check', value: integrity, bar: 'ok', ok: integrity === 'ok' },
        { name: 'restarted on the same home', value: restarted ? 'yes' : 'no', bar: 'yes', ok: restarted },
      ];
      console.log(`\n${formatFigures(`SIGKILL under load: ${clients} clients for ${loadMs / 1000} s`, figures)}\n`);
      return { completed: answered.length, lost, windowRows, lastWindow, integrity, restarted };
    } finally {
      await again.stop();
    }
  } finally {
    running = false;
    if (!restarted) await d.stop();
    await upstream.close();
  }
}
