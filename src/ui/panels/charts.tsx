// Latency and cost per minute over the last hour (history) and since, drawn with uPlot.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { perMinute, type Point } from '../feed.js';

export function ChartsPanel({ points }: { points: Point[] }) {
  const series = perMinute(points);
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

function Chart({ title, data, series }: { title: string; data: number[][]; series: uPlot.Series[] }) {
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
