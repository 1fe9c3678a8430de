// Checks a route or model name against the running daemon's config before a tool is started with
// it, so a typo is exit 4 at once rather than a 404 deep inside the tool.
import type { ConfigView } from '../protocol/index.js';
import { DaemonClient } from './client.js';
import { CliError } from './errors.js';

export async function requireKnownName(socket: string, name: string, as: 'route' | 'model'): Promise<void> {
  const client = await DaemonClient.connect(socket);
  let view: ConfigView;
  try {
    view = await client.call('config.view');
  } finally {
    client.close();
  }
  const names = [...view.routes.map((r) => r.id), ...view.aliases.map((a) => a.name)];
  // provider/model names are the daemon's to judge per request; a bare name must be a route or alias.
  if (names.includes(name) || (as === 'model' && (name === 'auto' || name === 'router' || name.includes('/')))) return;
  throw new CliError(
    'not_found',
    `no ${as === 'route' ? 'route or alias' : 'route, alias or model'} "${name}"`,
    `routes and aliases: ${names.join(', ') || 'none'}`,
  );
}
