import { BaseCommand } from '../cli/base.js';
import { table } from '../cli/render/table.js';
import { shortcutHelp, shortcutNames } from '../engine/shortcuts.js';

export default class Shortcuts extends BaseCommand {
  static override summary =
    'Prompt shortcuts: put one at the start of your last message to steer the choice; it is stripped before sending.';

  async run(): Promise<Array<{ shortcut: string; effect: string }>> {
    await this.parse(Shortcuts);
    const rows = shortcutNames.map((n) => ({ shortcut: `@${n}`, effect: shortcutHelp[n] }));
    this.log(
      table(
        ['shortcut', 'effect'],
        rows.map((r) => [r.shortcut, r.effect]),
      ),
    );
    return rows;
  }
}
