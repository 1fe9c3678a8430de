import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import { explainText } from '../cli/render/explain.js';
import type { DecisionTrace } from '../engine/trace.js';
import type { DecisionDTO } from '../protocol/index.js';

export default class Explain extends BaseCommand {
  static override summary = 'Explain a routing decision: every candidate and why, rules fired, planned order, attempts.';
  static override args = { decision: Args.string({ description: 'decision id (x-router-decision); default: the latest' }) };

  async run(): Promise<DecisionDTO> {
    const { args, flags } = await this.parse(Explain);
    const d = await this.withClient(flags, (c) => c.call('decision.get', { id: args.decision }));
    this.log(explainText({ ...d, trace: d.trace as DecisionTrace }));
    return d;
  }
}
