// One daemon log line for humans: time, level, message, then the remaining fields.
import { palette } from './output.js';

export function logLine(line: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const c = palette();
  const { time, level, msg, ...rest } = rec;
  const colour = level === 'error' ? c.red : level === 'warn' ? c.yellow : c.dim;
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [c.dim(String(time)), colour(String(level).padEnd(5)), String(msg), ...fields].join(' ');
}
