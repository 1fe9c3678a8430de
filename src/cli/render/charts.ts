// Text charts for `router stats`: share bars, a latency sparkline and the weekday x hour heatmap.
import type { HeatmapDTO } from '../../protocol/index.js';
import { palette } from './output.js';

const SHADES = [' ', '░', '▒', '▓', '█'];
const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A bar `width` cells long at 100%, in eighths of a cell. */
export function bar(fraction: number, width = 20): string {
  const eighths = Math.round(Math.max(0, Math.min(1, fraction)) * width * 8);
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8] ?? '';
  return '█'.repeat(Math.floor(eighths / 8)) + partial;
}

export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  if (max === 0) return '';
  return values.map((v) => SPARKS[Math.min(SPARKS.length - 1, Math.floor((v / max) * (SPARKS.length - 1) + 0.5))]).join('');
}

function shade(v: number, max: number): string {
  if (v <= 0 || max <= 0) return SHADES[0] as string;
  return SHADES[Math.max(1, Math.ceil((v / max) * (SHADES.length - 1)))] as string;
}

export function heatmapText(h: HeatmapDTO): string {
  const c = palette();
  const tz =
    h.tzOffsetMinutes === 0
      ? 'UTC'
      : `UTC${h.tzOffsetMinutes > 0 ? '+' : '-'}${String(Math.floor(Math.abs(h.tzOffsetMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(h.tzOffsetMinutes) % 60).padStart(2, '0')}`;
  const lines = [
    `${h.metric === 'cost' ? 'cost' : 'requests'} by weekday and hour (${tz}); darkest = ${h.metric === 'cost' ? `$${h.max.toFixed(4)}` : h.max}`,
  ];
  lines.push(`     ${Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? String(i).padEnd(3) : '')).join('')}`);
  h.cells.forEach((row, d) => {
    const total = row.reduce((a, b) => a + b, 0);
    const cells = row.map((v) => shade(v, h.max)).join('');
    lines.push(`${h.weekdays[d] ?? ''}  ${c.cyan(cells)}  ${h.metric === 'cost' ? `$${total.toFixed(4)}` : total}`);
  });
  return lines.join('\n');
}
