// The shared body of `router config claude-code|codex|aider`: print the settings, or --write them.
import { Flags } from '@oclif/core';
import { BaseCommand } from './base.js';
import { endpointFor, settingsFor, writeSettings, type ClientKind, type ClientSettings } from './client-settings.js';

export abstract class ClientSettingsCommand extends BaseCommand {
  static override flags = {
    model: Flags.string({ char: 'm', description: 'model or route the client should ask for' }),
    write: Flags.boolean({ description: 'write the settings file instead of printing' }),
    force: Flags.boolean({ description: 'with --write: replace an existing file' }),
  };

  protected abstract readonly client: ClientKind;

  async run(): Promise<ClientSettings & { written?: string }> {
    const { flags } = await this.parse(this.constructor as typeof ClientSettingsCommand);
    const settings = settingsFor(this.client, await endpointFor(this.paths(flags)), flags.model);
    if (flags.write) {
      const written = await writeSettings(settings, flags.force);
      this.log(`wrote ${written}`);
      return { ...settings, written };
    }
    this.log(settings.text);
    return settings;
  }
}
