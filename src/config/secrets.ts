// Secrets in config are references: `env:NAME`, `file:PATH`, or (discouraged) the literal value.

export interface SecretResolution {
  value?: string;
  problem?: string;
}

export type SecretKind = { kind: 'env'; name: string } | { kind: 'file'; path: string } | { kind: 'literal' };

export function secretKind(ref: string): SecretKind {
  if (ref.startsWith('env:')) return { kind: 'env', name: ref.slice(4).trim() };
  if (ref.startsWith('file:')) return { kind: 'file', path: ref.slice(5).trim() };
  return { kind: 'literal' };
}

export function resolveSecret(
  ref: string | undefined,
  env: Record<string, string | undefined>,
  readFile: (p: string) => string,
): SecretResolution {
  if (ref === undefined || ref === '') return {};
  const kind = secretKind(ref);
  if (kind.kind === 'literal') return { value: ref };
  if (kind.kind === 'env') {
    const value = env[kind.name];
    return value === undefined || value === '' ? { problem: `environment variable ${kind.name} is not set` } : { value };
  }
  const path = expandHome(kind.path, env);
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { problem: `cannot read secret file ${path}${typeof code === 'string' ? ` (${code})` : ''}` };
  }
  const value = text.trim();
  return value === '' ? { problem: `secret file ${path} is empty` } : { value };
}

function expandHome(path: string, env: Record<string, string | undefined>): string {
  const home = env['HOME'];
  if (home === undefined || home === '') return path;
  if (path === '~') return home;
  return path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
}

/** `sk-…abcd`: enough to tell keys apart, never enough to use one. */
export function maskSecret(secret: string): string {
  // Too short to show both ends without giving most of it away.
  if (secret.length < 12) return '…';
  const dash = secret.indexOf('-');
  const prefix = dash > 0 && dash < 8 ? secret.slice(0, dash + 1) : secret.slice(0, 3);
  return `${prefix}…${secret.slice(-4)}`;
}
