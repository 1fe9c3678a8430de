// Data shapes that cross the control socket. Plain JSON: ISO strings for times, no class instances.

export interface HelloResult {
  protocolVersion: number;
  version: string;
  pid: number;
}

export interface ConfigErrorDTO {
  at: string;
  /** Each problem as "file:line:col message". */
  problems: string[];
}

export interface CooldownDTO {
  key: string;
  until: string;
  reason: string;
}

export interface StatusDTO {
  pid: number;
  version: string;
  protocolVersion: number;
  startedAt: string;
  uptimeSeconds: number;
  configPath: string | null;
  listen: string;
  socket: string;
  db: string;
  routes: number;
  activeRoute: string | null;
  currentTarget: string | null;
  configError: ConfigErrorDTO | null;
  warnings: string[];
  cooldowns: CooldownDTO[];
  openCircuits: string[];
  shadow: boolean;
  uvi: { enabled: boolean; hard: boolean };
  inFlight: number;
}

export interface ReloadResult {
  ok: boolean;
  configPath: string | null;
  routes: number;
  problems: string[];
  warnings: string[];
}

export interface StopResult {
  pid: number;
  stopping: true;
}

/** One notification of `events.subscribe`. */
export type RouterEvent =
  | { type: 'decision'; at: string; decisionId: string; route: string | null; model: string; planned: string[] }
  | {
      type: 'attempt';
      at: string;
      decisionId: string;
      seq: number;
      target: string;
      outcome: 'ok' | 'failed' | 'aborted';
      errorClass?: string;
      status?: number;
      latencyMs: number;
    }
  | { type: 'request'; at: string; decisionId: string; target: string | null; status: number; latencyMs: number }
  | { type: 'config.reloaded'; at: string; routes: number }
  | { type: 'config.rejected'; at: string; problems: string[] };
