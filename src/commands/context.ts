import { readFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base.js';
import {
  addContext,
  checkContextName,
  listContexts,
  normaliseListenerUrl,
  removeContext,
  useContext,
  type ContextList,
} from '../cli/contexts.js';
import { CliError } from '../cli/errors.js';
import { table } from '../cli/render/table.js';

export default class Context extends BaseCommand {
  static override summary = "Name other daemons' listeners, then drive them with --context NAME (or make one the default with use).";
  static override description =
    "The token is the remote daemon's control token (the file control.token in its data folder); it is copied into a 0600 " +
    'file beside the list and never printed. `use local` goes back to this machine.';
  static override examples = [
    '<%= config.bin %> context add prod http://10.0.0.5:4000 --token-file prod.token',
    '<%= config.bin %> --context prod status',
    '<%= config.bin %> context use prod',
    '<%= config.bin %> context list',
    '<%= config.bin %> context remove prod',
  ];
  static override args = {
    action: Args.string({ options: ['list', 'add', 'use', 'remove'], default: 'list' }),
    name: Args.string({ description: 'context name (add, use, remove)' }),
    url: Args.string({ description: "with add: http://HOST:PORT of the daemon's listener" }),
  };
  static override flags = {
    'token-file': Flags.string({ description: "with add: file holding the daemon's control token ('-': read it from stdin)" }),
  };

  async run(): Promise<ContextList> {
    const { args, flags } = await this.parse(Context);
    const paths = this.paths(flags);
    if (args.action !== 'list' && !args.name) throw new CliError('usage', `context ${args.action} needs a name`);
    if (args.action === 'add') {
      if (!args.url) throw new CliError('usage', 'context add needs the URL of the daemon listener, e.g. http://10.0.0.5:4000');
      checkContextName(args.name!);
      const url = normaliseListenerUrl(args.url);
      addContext(paths, { name: args.name!, url }, readToken(flags['token-file']));
      this.logToStderr(`context ${args.name} added: ${url}`);
    } else if (args.action === 'use') {
      useContext(paths, args.name!);
      this.logToStderr(`commands now drive ${args.name === 'local' ? 'the local daemon' : `context ${args.name}`}`);
    } else if (args.action === 'remove') {
      removeContext(paths, args.name!);
      this.logToStderr(`context ${args.name} removed`);
    }
    const list = listContexts(paths);
    const rows = list.contexts.map((c) => [c.name === list.current ? `* ${c.name}` : `  ${c.name}`, c.url]);
    rows.unshift([list.current === null ? '* local' : '  local', '(this machine, control socket)']);
    this.log(table(['context', 'url'], rows));
    return list;
  }
}

function readToken(file: string | undefined): string {
  if (!file)
    throw new CliError('usage', 'context add needs --token-file FILE (the remote daemon control.token), or --token-file - to read stdin');
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8').trim();
  } catch (err) {
    throw new CliError('failed', `cannot read the token file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
