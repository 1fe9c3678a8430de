import { ClientSettingsCommand } from '../../cli/client-settings-command.js';

export default class ConfigClaudeCode extends ClientSettingsCommand {
  static override summary = 'Claude Code settings (env block of ~/.claude/settings.json) that point it at the router.';
  protected readonly client = 'claude-code' as const;
}
