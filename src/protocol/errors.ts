// One error taxonomy for the control plane. JSON-RPC numeric codes travel on the wire; the CLI maps
// them to a stable string code and an exit status in exactly one place (exitFor).

export const RpcCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  Internal: -32603,
  Failed: -32000,
  NotFound: -32004,
  Conflict: -32009,
  VersionMismatch: -32010,
  TooLarge: -32013,
} as const;
export type RpcCode = (typeof RpcCode)[keyof typeof RpcCode];

/** Stable codes printed in `{"error":{"code","message"}}` and used by scripts. */
export type ErrorCode =
  | 'failed'
  | 'usage'
  | 'daemon_unreachable'
  | 'not_found'
  | 'invalid_params'
  | 'conflict'
  | 'version_mismatch'
  | 'config_invalid'
  | 'internal';

export const ExitCode = { ok: 0, failed: 1, usage: 2, unreachable: 3, notFound: 4 } as const;

const byRpc: Record<number, ErrorCode> = {
  [RpcCode.ParseError]: 'internal',
  [RpcCode.InvalidRequest]: 'internal',
  [RpcCode.MethodNotFound]: 'version_mismatch',
  [RpcCode.InvalidParams]: 'invalid_params',
  [RpcCode.Internal]: 'internal',
  [RpcCode.Failed]: 'failed',
  [RpcCode.NotFound]: 'not_found',
  [RpcCode.Conflict]: 'conflict',
  [RpcCode.VersionMismatch]: 'version_mismatch',
  [RpcCode.TooLarge]: 'invalid_params',
};

export function errorCodeForRpc(code: number): ErrorCode {
  return byRpc[code] ?? 'failed';
}

export function exitFor(code: ErrorCode): number {
  switch (code) {
    case 'usage':
    case 'invalid_params':
      return ExitCode.usage;
    case 'daemon_unreachable':
      return ExitCode.unreachable;
    case 'not_found':
      return ExitCode.notFound;
    default:
      return ExitCode.failed;
  }
}

/** An error a handler throws on purpose; the RPC server sends its code and data as they are. */
export class RpcError extends Error {
  constructor(
    readonly code: RpcCode,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}
