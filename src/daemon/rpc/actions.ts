// The methods that change what the daemon does. Each call is logged (rpc.action) so an operator can
// see in the daemon log who switched, reset or budgeted what, from the CLI, the page or a remote context.
import type { MethodName } from '../../protocol/index.js';

const ACTIONS: ReadonlySet<string> = new Set<MethodName>([
  'daemon.stop',
  'config.reload',
  'state.reset',
  'circuit.reset',
  'route.switch',
  'flags.set',
  'budget.set',
  'budget.clear',
  'uvi.set',
  'rating.set',
  'learn.train',
]);

export function isOperatorAction(method: string): boolean {
  return ACTIONS.has(method);
}
