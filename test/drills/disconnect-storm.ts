// Drill (b), disconnect storm: N clients start a stream and hang up part-way (some right after the
// headers, most after a few events); the daemon must stay up, write a ledger row for every request,
// and log each hang-up as a client abort, never as an unhandled error.
import { startFaultUpstream } from '../helpers/fault-upstream.js';
import {
  chatBody,
  formatFigures,
  isAlive,
  logLines,
  missingFromLedger,
  pool,
  post,
  size,
  unhandledLines,
  type Figure,
} from '../helpers/drill-kit.js';
import { startDaemon } from '../helpers/router.js';

export interface DisconnectStormResult {
  clients: number;
  hungUp: number;
  missingRows: number;
  unhandled: number;
  aborts: number;
  alive: boolean;
  answersAfter: boolean;
}

export async function runDisconnectStorm(clients = size(100, 500)): Promise<DisconnectStormResult> {
  const upstream = await startFaultUpstream('openai');
  upstream.script({ kind: 'drip', everyMs: 20, words: 60 });
  const d = await startDaemon(
    `providers:\n  p: { type: openai-compatible, baseUrl: "${upstream.url}" }\nroutes:\n  main: { targets: [p/fault-model] }\n`,
  );
  try {
    // Hang up after 0 bytes (headers only) or after 1–12 events' worth of bytes: a seeded spread.
    const cuts = Array.from({ length: clients }, (_, i) => (i % 5 === 0 ? 0 : ((i * 7919) % 12) * 150 + 150));
    const results = await pool(cuts, clients, (after) =>
      post(d.url, '/v1/chat/completions', chatBody('main', true), { hangUpAfterBytes: after, timeoutMs: 30_000 }),
    );
    const hungUp = results.filter((r) => r.error === 'hung up').length;
    const ids = results.map((r) => r.decision);
    const missing = await missingFromLedger(d.home, ids, 10_000);
    // The daemon notices each hang-up when it next writes; the ledger rows above are written after that.
    const unhandled = unhandledLines(d.home);
    const aborts = logLines(d.home).filter((l) => /abort/.test(l.msg)).length;
    const alive = isAlive(d.pid);
    const answersAfter = alive && (await post(d.url, '/v1/chat/completions', chatBody('main', false))).status === 200;
    const figures: Figure[] = [
      { name: 'clients that hung up', value: `${hungUp}/${clients}`, bar: `${clients}`, ok: hungUp === clients },
      { name: 'requests without a decision id', value: ids.filter((id) => id === '').length, bar: '0', ok: ids.every((id) => id !== '') },
      { name: 'missing ledger rows', value: missing.length, bar: '0', ok: missing.length === 0 },
      { name: 'unhandled errors in routerd.log', value: unhandled.length, bar: '0', ok: unhandled.length === 0 },
      { name: 'client-abort log lines', value: aborts },
      { name: 'daemon alive and answering', value: answersAfter ? 'yes' : 'no', bar: 'yes', ok: answersAfter },
    ];
    console.log(`\n${formatFigures(`disconnect storm: ${clients} clients hang up mid-stream`, figures)}\n`);
    if (unhandled.length > 0)
      console.log(
        unhandled
          .slice(0, 3)
          .map((l) => JSON.stringify(l))
          .join('\n'),
      );
    return { clients, hungUp, missingRows: missing.length, unhandled: unhandled.length, aborts, alive, answersAfter };
  } finally {
    await d.stop();
    await upstream.close();
  }
}
