// Drill (a), open-stream memory: N clients stream at once through the daemon from an upstream that
// drips one word every 100 ms, so all N are open together; the figure is the daemon's peak resident
// memory (VmHWM from /proc), beside its memory before and after. The full profile holds 1,000 streams.
// It also times each stream's start (request sent to first chunk): with every stream on one target, the
// 400th must not wait for a connection behind the first ones (issue 13 saw it start 18 s late).
import { answerText, startFaultUpstream } from '../helpers/fault-upstream.js';
import { chatBody, FULL, formatFigures, isAlive, mb, memoryOf, post, size, type Figure } from '../helpers/drill-kit.js';
import { startDaemon } from '../helpers/router.js';

export const PEAK_BAR_MB = 150;
export const START_BAR_MS = 3000;

export interface OpenStreamsResult {
  streams: number;
  openAtOnce: number;
  whole: number;
  baselineMb: number;
  peakMb: number;
  afterMb: number;
  /** Request sent to first chunk, in ms, in the order the requests were sent. */
  startMs: number[];
  alive: boolean;
  figures: Figure[];
}

export async function runOpenStreamsDrill(streams = size(200, 1000)): Promise<OpenStreamsResult> {
  const words = size(40, 100);
  const upstream = await startFaultUpstream('openai');
  upstream.script({ kind: 'drip', everyMs: 100, words });
  const d = await startDaemon(
    `providers:\n  p: { type: openai-compatible, baseUrl: "${upstream.url}" }\nroutes:\n  main: { targets: [p/fault-model] }\n`,
  );
  try {
    // One warm request, so the baseline includes what the first request loads (codecs, pools).
    await post(d.url, '/v1/chat/completions', chatBody('main', true));
    const baselineMb = memoryOf(d.pid).rssMb;
    let open = 0;
    let openAtOnce = 0;
    const whole = answerText(words);
    const startMs: number[] = Array.from({ length: streams }, () => Infinity);
    const results = await Promise.all(
      Array.from({ length: streams }, async (_, i) => {
        let started = false;
        const sentAt = performance.now();
        const r = await post(d.url, '/v1/chat/completions', chatBody('main', true), {
          timeoutMs: 120_000,
          onChunk: () => {
            if (started) return;
            started = true;
            startMs[i] = performance.now() - sentAt;
            openAtOnce = Math.max(openAtOnce, ++open);
          },
        });
        if (started) open--;
        return r;
      }),
    );
    const peakMb = memoryOf(d.pid).peakMb;
    const afterMb = memoryOf(d.pid).rssMb;
    const wholeCount = results.filter(
      (r) => r.status === 200 && r.ended && r.body.includes('data: [DONE]') && textOf(r.body) === whole,
    ).length;
    const alive = isAlive(d.pid);
    const nth = Math.min(400, streams);
    const nthStartMs = startMs[nth - 1]!;
    const slowestStartMs = Math.max(...startMs);
    const figures: Figure[] = [
      { name: 'streams requested', value: streams },
      { name: 'open at once', value: openAtOnce, bar: `= ${streams}`, ok: openAtOnce === streams },
      { name: 'whole streams', value: wholeCount, bar: `= ${streams}`, ok: wholeCount === streams },
      { name: `stream #${nth} starts after`, value: ms(nthStartMs), bar: `≤ ${ms(START_BAR_MS)}`, ok: nthStartMs <= START_BAR_MS },
      { name: 'slowest stream start', value: ms(slowestStartMs), bar: `≤ ${ms(START_BAR_MS)}`, ok: slowestStartMs <= START_BAR_MS },
      { name: 'RSS before', value: mb(baselineMb) },
      { name: 'peak RSS (VmHWM)', value: mb(peakMb), bar: FULL ? `≤ ${PEAK_BAR_MB} MB` : '', ok: FULL ? peakMb <= PEAK_BAR_MB : undefined },
      { name: 'peak above the start, per stream', value: `${(((peakMb - baselineMb) * 1024) / streams).toFixed(0)} KB` },
      { name: 'RSS after', value: mb(afterMb) },
      { name: 'daemon alive', value: alive ? 'yes' : 'no', bar: 'yes', ok: alive },
    ];
    console.log(`\n${formatFigures(`open-stream memory: ${streams} concurrent streams`, figures)}\n`);
    return { streams, openAtOnce, whole: wholeCount, baselineMb, peakMb, afterMb, startMs, alive, figures };
  } finally {
    await d.stop();
    await upstream.close();
  }
}

const ms = (v: number): string => (Number.isFinite(v) ? `${(v / 1000).toFixed(2)} s` : 'never');

/** The text an OpenAI stream carried, reassembled. */
export function textOf(sse: string): string {
  let text = '';
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const ev = JSON.parse(line.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> };
    text += ev.choices?.[0]?.delta?.content ?? '';
  }
  return text;
}
