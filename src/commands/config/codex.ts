import { ClientSettingsCommand } from '../../cli/client-settings-command.js';

export default class ConfigCodex extends ClientSettingsCommand {
  static override summary = 'Codex CLI settings (~/.codex/config.toml) that point it at the router.';
  protected readonly client = 'codex' as const;
}
