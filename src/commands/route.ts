import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { CliError } from '../cli/errors.js';
import { loadConfigForCli, persistedState, planOffline } from '../cli/offline-plan.js';
import { explainText } from '../cli/render/explain.js';
import { plural } from '../cli/render/words.js';
import { buildRouteRequest, factsOf } from '../cli/route-request.js';
import { sendRequest, type SentResult } from '../cli/send-request.js';
import type { DecisionTrace } from '../engine/trace.js';

interface DryRun {
  dryRun: true;
  decisionId: string;
  route: string | null;
  target: string | null;
  planned: string[];
  trace: DecisionTrace;
}

export default class Route extends BaseCommand {
  static override summary = 'Send one request through the router and print the answer; --dry-run only decides (no daemon needed).';
  static override examples = [
    '<%= config.bin %> route --prompt "hello"',
    '<%= config.bin %> route --dry-run --prompt "@vision describe this" --image --expect openai/gpt-4o',
    '<%= config.bin %> route --file request.json --dry-run --json',
  ];
  static override flags = {
    prompt: Flags.string({ char: 'p', description: 'the user message' }),
    model: Flags.string({ char: 'm', description: 'model to ask for: auto, a route, an alias or provider/model (default auto)' }),
    route: Flags.string({ char: 'r', description: 'route override (sent as x-router-route)' }),
    header: Flags.string({ description: 'extra request header name:value (repeatable)', multiple: true }),
    tools: Flags.boolean({ description: 'include a tool definition' }),
    image: Flags.boolean({ description: 'include an image' }),
    file: Flags.string({ char: 'f', description: 'a whole OpenAI or Anthropic request body (JSON)' }),
    format: Flags.string({ options: ['openai', 'anthropic'], description: 'format of --file (default: detected)' }),
    'dry-run': Flags.boolean({ description: 'only decide and print the decision; works without a daemon' }),
    expect: Flags.string({ description: 'provider/model the decision must pick; exit 1 when it differs' }),
    config: Flags.string({ char: 'c', description: 'config file for --dry-run' }),
  };

  async run(): Promise<DryRun | SentResult> {
    const { flags } = await this.parse(Route);
    const request = await buildRouteRequest({ ...flags, stream: flags['dry-run'] || this.jsonEnabled() ? false : undefined });
    if (flags['dry-run']) return this.dryRun(request, flags);
    if (!flags.file && !this.jsonEnabled()) request.body.stream = true;
    const status = await this.withClient(flags, (c) => c.call('status'));
    const sent = await sendRequest(status.listen, request, (t) => {
      if (!this.jsonEnabled()) process.stdout.write(t);
    });
    if (!this.jsonEnabled()) process.stdout.write('\n');
    this.logToStderr(
      `answered by ${sent.target} (route ${sent.route ?? '-'}, ${plural(sent.attempts, 'attempt')}, decision ${sent.decisionId})`,
    );
    check(flags.expect, sent.target);
    return sent;
  }

  private async dryRun(
    request: Awaited<ReturnType<typeof buildRouteRequest>>,
    flags: { config?: string; socket?: string; expect?: string },
  ): Promise<DryRun> {
    const paths = this.paths(flags);
    const config = await loadConfigForCli(paths, Boolean(flags.config ?? process.env.ROUTER_CONFIG));
    const now = Date.now();
    const decision = planOffline(factsOf(request), config, persistedState(paths.db), now);
    if (!decision.ok) {
      const hint = decision.suggestions.length ? `did you mean: ${decision.suggestions.join(', ')}` : undefined;
      throw new CliError('not_found', decision.message, hint);
    }
    const planned = decision.attempts.map((t) => t.id);
    const result: DryRun = {
      dryRun: true,
      decisionId: decision.decisionId,
      route: decision.route,
      target: planned[0] ?? null,
      planned,
      trace: decision.trace,
    };
    this.log(explainText({ decisionId: decision.decisionId, at: new Date(now).toISOString(), trace: decision.trace }));
    check(flags.expect, result.target);
    return result;
  }
}

function check(expected: string | undefined, actual: string | null): void {
  if (expected !== undefined && expected !== actual)
    throw new CliError('failed', `expected ${expected}, but the decision is ${actual ?? '(nothing)'}`);
}
