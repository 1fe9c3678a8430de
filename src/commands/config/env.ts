import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base.js';
import { endpointFor, settingsFor, type ClientSettings } from '../../cli/client-settings.js';

export default class ConfigEnv extends BaseCommand {
  static override summary = 'Shell exports that point OpenAI and Anthropic clients at the router: eval "$(router config env)".';
  static override flags = {
    model: Flags.string({ char: 'm', description: 'model or route the client should ask for' }),
  };

  async run(): Promise<ClientSettings> {
    const { flags } = await this.parse(ConfigEnv);
    const settings = settingsFor('env', await endpointFor(this.paths(flags)), flags.model);
    this.log(settings.text);
    return settings;
  }
}
