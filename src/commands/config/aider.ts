import { ClientSettingsCommand } from '../../cli/client-settings-command.js';

export default class ConfigAider extends ClientSettingsCommand {
  static override summary = 'aider settings (.aider.conf.yml) that point it at the router.';
  protected readonly client = 'aider' as const;
}
