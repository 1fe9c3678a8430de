// Drill (f), socket abuse: while slowloris clients trickle header bytes, others send garbage, leave
// uploads half-sent and half-closed, or connect and say nothing, a well-behaved client keeps asking;
// the daemon must keep answering it, answer garbage with a 4xx (never silence), and stay up.
import { startFaultUpstream } from '../helpers/fault-upstream.js';
import { chatBody, formatFigures, isAlive, post, size, unhandledLines, type Figure } from '../helpers/drill-kit.js';
import { rawConnect, statusLine, type RawExchange } from '../helpers/raw-http.js';
import { startDaemon } from '../helpers/router.js';
import { seededRandom } from '../../src/learn/routers.js';

export interface SocketAbuseResult {
  abusive: number;
  garbageAnswered4xx: number;
  garbage: number;
  normalSent: number;
  normalOk: number;
  alive: boolean;
  unhandled: number;
}

export async function runSocketAbuse(each = size(40, 300), seconds = size(3, 15)): Promise<SocketAbuseResult> {
  const upstream = await startFaultUpstream('openai');
  upstream.script({ kind: 'ok', words: 10 });
  const d = await startDaemon(
    `providers:\n  p: { type: openai-compatible, baseUrl: "${upstream.url}" }\nroutes:\n  main: { targets: [p/fault-model] }\n`,
  );
  const r = seededRandom(7);
  const open: RawExchange[] = [];
  const timers: NodeJS.Timeout[] = [];
  try {
    const connectAll = (n: number) => Promise.all(Array.from({ length: n }, () => rawConnect(d.url).then((c) => (open.push(c), c))));
    // Slowloris: a request line, then one header byte every 200 ms, never the blank line.
    for (const c of await connectAll(each)) {
      c.socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      timers.push(setInterval(() => !c.socket.destroyed && c.socket.write('a'), 200));
    }
    // Garbage: random bytes, then a blank line; the daemon should say 400 and close.
    const garbage = await connectAll(each);
    for (const c of garbage)
      c.socket.write(
        Buffer.from(Array.from({ length: 64 + Math.floor(r() * 512) }, () => Math.floor(r() * 256))).toString('latin1') + '\r\n\r\n',
        'latin1',
      );
    // Half-open: headers promising a body, part of it, then the client closes its sending side.
    for (const c of await connectAll(each)) {
      c.socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"model":"main"`,
      );
      c.socket.end();
    }
    // Silent: connected, nothing sent.
    await connectAll(each);

    let normalSent = 0;
    let normalOk = 0;
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      normalSent++;
      const x = await post(d.url, '/v1/chat/completions', chatBody('main', normalSent % 2 === 0), { timeoutMs: 10_000 });
      if (x.status === 200 && x.ended) normalOk++;
      await new Promise((res) => setTimeout(res, 100));
    }
    const answers = await Promise.all(
      garbage.map((c) =>
        Promise.race([c.answer((t) => t.includes('\r\n\r\n')), new Promise<string>((res) => setTimeout(() => res(c.text()), 2000))]),
      ),
    );
    const garbageAnswered4xx = answers.filter((t) => /^HTTP\/1\.1 4\d\d/.test(statusLine(t))).length;
    const alive = isAlive(d.pid);
    const unhandled = unhandledLines(d.home).length;
    const figures: Figure[] = [
      { name: 'abusive connections', value: each * 4 },
      { name: 'garbage answered with a 4xx', value: `${garbageAnswered4xx}/${each}`, bar: `${each}`, ok: garbageAnswered4xx === each },
      { name: 'normal requests answered', value: `${normalOk}/${normalSent}`, bar: 'all', ok: normalOk === normalSent },
      { name: 'unhandled errors in routerd.log', value: unhandled, bar: '0', ok: unhandled === 0 },
      { name: 'daemon alive', value: alive ? 'yes' : 'no', bar: 'yes', ok: alive },
    ];
    console.log(`\n${formatFigures(`socket abuse: ${each} each of slowloris, garbage, half-open, silent, for ${seconds} s`, figures)}\n`);
    return { abusive: each * 4, garbage: each, garbageAnswered4xx, normalSent, normalOk, alive, unhandled };
  } finally {
    for (const t of timers) clearInterval(t);
    for (const c of open) c.socket.destroy();
    await d.stop();
    await upstream.close();
  }
}
