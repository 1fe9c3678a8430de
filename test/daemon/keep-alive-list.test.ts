// The keep-alive list on its own: streams join and leave in any order (swap-removal), and each tick
// pings exactly the streams still waiting, due and open, once each. The daemon-level behaviour is in
// keep-alive.test.ts; this pins the bookkeeping that replaced a Set (see the note in keep-alive.ts).
import fc from 'fast-check';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeepAlives, type KeepAliveHandle } from '../../src/daemon/keep-alive.js';

/** The parts of a ServerResponse the keep-alives touch, recording what was sent. */
function fakeResponse() {
  const sent: string[] = [];
  const res = {
    headersSent: false,
    destroyed: false,
    writableEnded: false,
    writeHead() {
      res.headersSent = true;
      sent.push('head');
      return res;
    },
    write(frame: string) {
      sent.push(frame);
      return true;
    },
  };
  return { res, sent, asResponse: res as unknown as ServerResponse };
}

let now = 0;
beforeEach(() => {
  vi.useFakeTimers();
  now = 0;
});
afterEach(() => vi.useRealTimers());

function tick(ms: number): void {
  now += ms;
  vi.advanceTimersByTime(ms);
}

describe('keep-alive list', () => {
  it('pings only the streams still waiting, sends headers once, and drops ended ones', () => {
    const ka = new KeepAlives(
      () => 500,
      () => now,
    );
    const [a, b, c] = [fakeResponse(), fakeResponse(), fakeResponse()];
    ka.watch(a.asResponse, 'ping-a', () => ({}));
    const hb = ka.watch(b.asResponse, 'ping-b', () => ({}));
    const hc = ka.watch(c.asResponse, 'ping-c', () => ({}));
    hb.stop();
    tick(500);
    expect([a.sent, b.sent, c.sent]).toEqual([['head', 'ping-a'], [], ['head', 'ping-c']]);

    a.res.writableEnded = true;
    tick(500);
    expect(a.sent).toEqual(['head', 'ping-a']);
    expect(c.sent).toEqual(['head', 'ping-c', 'ping-c']);

    // A second stop, and a stop after the tick dropped the stream, must not remove another one.
    hb.stop();
    hc.stop();
    hc.stop();
    tick(500);
    expect(c.sent).toHaveLength(3);
  });

  it('any order of joining and leaving: each tick pings exactly the streams left, once each', () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.constant({ join: true as const }),
      fc.nat(20).map((i) => ({ leave: i })),
      fc.constant({ tick: true as const }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60, size: 'max' }), (steps) => {
        try {
          play(steps);
        } finally {
          vi.clearAllTimers();
        }
      }),
    );
  });
});

type Step = { join: true } | { leave: number } | { tick: true };

function play(steps: Step[]): void {
  const ka = new KeepAlives(
    () => 100,
    () => now,
  );
  const streams: Array<{ sent: string[]; handle: KeepAliveHandle; left: boolean }> = [];
  for (const s of steps) {
    if ('join' in s) {
      const r = fakeResponse();
      r.res.headersSent = true;
      streams.push({ sent: r.sent, handle: ka.watch(r.asResponse, 'p', () => ({})), left: false });
    } else if ('leave' in s) {
      const st = streams[s.leave % Math.max(1, streams.length)];
      if (st) {
        st.handle.stop();
        st.left = true;
      }
    } else {
      const before = streams.map((st) => st.sent.length);
      tick(100);
      streams.forEach((st, i) => expect(st.sent.length - (before[i] as number)).toBe(st.left ? 0 : 1));
    }
  }
}
