import { BaseCommand } from '../cli/base.js';

export default class Reset extends BaseCommand {
  static override summary = 'Forget cooldowns, circuit breakers and latency history. The ledger is never touched.';

  async run(): Promise<{ reset: true }> {
    const { flags } = await this.parse(Reset);
    const r = await this.withClient(flags, (c) => c.call('state.reset'));
    this.log('cooldowns, circuits and latency history cleared; the ledger is kept');
    return r;
  }
}
