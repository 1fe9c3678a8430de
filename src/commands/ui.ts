import { Flags } from '@oclif/core';
import { execa } from 'execa';
import { BaseCommand } from '../cli/base.js';
import { dashboardUrl } from '../cli/dashboard-url.js';

interface Result {
  url: string;
  opened: boolean;
  /** Only with --print: the URL that carries the control token. */
  urlWithToken?: string;
}

export default class Ui extends BaseCommand {
  static override summary = 'Open the dashboard (GET /ui on the listener) in a browser, or --print its URL with the token.';
  static override description =
    'The URL carries the control token in its fragment (#token=…), which the browser never sends to a server. ' +
    'Without auth (apiKeys or auth.required) the dashboard answers loopback clients only.';
  static override examples = ['<%= config.bin %> ui', '<%= config.bin %> ui --print', '<%= config.bin %> --context prod ui --print'];
  static override flags = {
    print: Flags.boolean({ description: 'print the URL (with the token) instead of opening a browser' }),
  };

  async run(): Promise<Result> {
    const { flags } = await this.parse(Ui);
    const d = await dashboardUrl(this.paths(flags), this.remote(flags));
    if (flags.print) {
      this.log(d.withToken);
      return { url: d.url, opened: false, urlWithToken: d.withToken };
    }
    const opened = await openInBrowser(d.withToken);
    this.log(opened ? `dashboard opened: ${d.url}` : `no browser to open; run: router ui --print`);
    return { url: d.url, opened };
  }
}

/** The desktop's opener, detached; false when there is none (a server without a desktop). */
async function openInBrowser(url: string): Promise<boolean> {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = execa(opener, [url], { detached: true, stdio: 'ignore', reject: false });
    child.unref();
    const r = await Promise.race([child, new Promise<null>((resolve) => setTimeout(() => resolve(null), 1500).unref())]);
    return r === null || r.exitCode === 0;
  } catch {
    return false;
  }
}
