// Latency and cost per minute over the last hour (history) and since, drawn with uPlot.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { perMinute, type Point } from '../feed.js';

type PerMinute = ReturnType<typeof perMinute>;

const WINDOW_S = 60 * 60;

export function ChartsPanel({ points }: { points: Point[] }) {
  const series = withHourFrame(perMinute(points));
  return (
    <section class="card" data-testid="charts">
      <h2>Latency and cost per minute</h2>
      {series.t.length === 0 ? (
        <p class="muted">no finished requests yet</p>
      ) : (
        <>
          <Chart
            title="latency (ms)"
            data={[series.t, series.latencyAvg, series.latencyMax]}
            series={[
              { label: 'mean', stroke: '#2f6fdf' },
              { label: 'max', stroke: '#d9822b' },
            ]}
          />
          <Chart
            title="cost (USD)"
            data={[series.t, series.cost]}
            series={[{ label: 'cost', stroke: '#3a9a5b', fill: 'rgba(58,154,91,0.15)' }]}
          />
        </>
      )}
    </section>
  );
}

function Chart({ title, data, series }: { title: string; data: Array<Array<number | null>>; series: uPlot.Series[] }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    const width = Math.max(280, (box.current?.clientWidth ?? 400) - 8);
    plot.current = new uPlot(
      { title, width, height: 160, series: [{}, ...series.map((s) => ({ width: 2, ...s }))] },
      data as uPlot.AlignedData,
      box.current!,
    );
    return () => plot.current?.destroy();
  }, []);
  useEffect(() => plot.current?.setData(data as uPlot.AlignedData), [data]);
  return <div ref={box} class="chart" />;
}

/**
 * Empty points at both ends of the last hour, so the x axis always spans it: uPlot otherwise
 * stretches a lone point over years.
 */
function withHourFrame(s: PerMinute): Record<keyof PerMinute, Array<number | null>> {
  if (s.t.length === 0) return s;
  const end = Math.max(s.t[s.t.length - 1]!, Math.floor(Date.now() / 60_000) * 60) + 60;
  const start = end - WINDOW_S;
  const keep = s.t.map((t) => t >= start);
  const frame = (values: number[], edges: [number | null, number | null]) => [edges[0], ...values.filter((_, i) => keep[i]), edges[1]];
  return {
    t: frame(s.t, [start, end]),
    latencyAvg: frame(s.latencyAvg, [null, null]),
    latencyMax: frame(s.latencyMax, [null, null]),
    cost: frame(s.cost, [null, null]),
    requests: frame(s.requests, [null, null]),
  };
}
