// Human renderings of daemon status: one line for `router status`, a block for `daemon status`.
import type { StatusDTO } from '../../protocol/index.js';
import { palette } from './output.js';
import { plural } from './words.js';

export function statusLine(s: StatusDTO): string {
  const c = palette();
  const health = s.openCircuits.length || s.cooldowns.length ? c.yellow('degraded') : c.green('healthy');
  const parts = [
    `route ${c.bold(s.activeRoute ?? '(none)')} → ${s.currentTarget ?? '(no target)'}`,
    health,
    s.configPath === null ? c.yellow(demoNote(s)) : null,
    s.configError ? c.red(`config refused: ${s.configError.firstError}`) : null,
    s.listenPending ? c.yellow(listenNote(s.listenPending)) : null,
    s.warnings.length ? c.yellow(plural(s.warnings.length, 'warning')) : null,
    s.budgetWarnings?.length ? c.yellow(s.budgetWarnings.join('; ')) : null,
    s.cluster ? clusterNote(s.cluster, c) : null,
    `UVI ${s.uvi.enabled ? (s.uvi.hard ? 'hard' : 'on') : 'off'}${pressureNote(s.pressure)}`,
    `shadow ${s.shadow ? 'on' : 'off'}`,
    `circuits ${s.openCircuits.length ? c.red(s.openCircuits.join(',')) : 'closed'}`,
  ];
  return parts.filter(Boolean).join(' · ');
}

function clusterNote(cl: NonNullable<StatusDTO['cluster']>, c: ReturnType<typeof palette>): string {
  const text = `cluster ${cl.name} ${cl.state}${cl.restartPending ? c.yellow(' (config changed: router daemon restart applies it)') : ''}`;
  if (cl.state === 'ok') return text;
  return c.yellow(`${text} (serving on local state since ${cl.since}${cl.error ? `: ${cl.error}` : ''})`);
}

function telemetryNote(t: NonNullable<StatusDTO['telemetry']>): string {
  const figures = `${t.exportedSpans} spans exported, ${t.droppedSpans} dropped, ${t.queuedSpans} queued`;
  return `${t.endpoint} (${figures}${t.lastError ? `; last error: ${t.lastError}` : ''})`;
}

function demoNote(s: StatusDTO): string {
  return `demo config (no config file at ${s.configWatched})`;
}

function listenNote(listen: string): string {
  return `listen ${listen} takes effect after: router daemon restart`;
}

function pressureNote(pressure: StatusDTO['pressure']): string {
  const entries = Object.entries(pressure ?? {}).filter(([, p]) => p !== 'normal');
  return entries.length ? ` (${entries.map(([provider, p]) => `${provider} ${p}`).join(', ')})` : '';
}

export function statusBlock(s: StatusDTO): string {
  const rows: Array<[string, string]> = [
    ['pid', String(s.pid)],
    ['version', s.version],
    ['uptime', `${s.uptimeSeconds}s`],
    ['listen', `http://${s.listen}${s.listenPending ? ` (${listenNote(s.listenPending)})` : ''}`],
    ['socket', s.socket],
    ['config', s.configPath ?? demoNote(s)],
    ['ledger', s.db],
    ['routes', String(s.routes)],
    ['active route', s.activeRoute ?? '(none)'],
    ['in flight', String(s.inFlight)],
  ];
  if (s.cluster)
    rows.push(['cluster', `${s.cluster.name} as ${s.cluster.daemon} on ${s.cluster.redis}: ${s.cluster.state} since ${s.cluster.since}`]);
  if (s.configError)
    rows.push([
      'config refused',
      `${s.configError.at}: ${s.configError.firstError}\n${s.configError.problems.map((p) => `  ${p}`).join('\n')}`,
    ]);
  for (const w of s.warnings) rows.push(['warning', w]);
  if (s.telemetry) rows.push(['traces', telemetryNote(s.telemetry)]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
