// Runs the real `router` CLI and a real daemon in a temp ROUTER_HOME, as a user would.
// `cli()` runs the built oclif command (dist/) inside the test process: a spawned `node bin/run.js`
// costs ~1 s of start-up on a small machine, and the CLI suites make hundreds of calls.
// `cliProcess()` spawns the real binary, for what only a process has: stdin, signals, `exec`,
// `--foreground`, `--follow`. test/cli/in-process.test.ts checks the two agree byte for byte.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Console } from 'node:console';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { execa, type Result } from 'execa';
import { DaemonClient } from '../../src/cli/client.js';
import type { StatusDTO } from '../../src/protocol/index.js';

const BIN = new URL('../../bin/run.js', import.meta.url).pathname;

export interface CliOptions {
  input?: string;
  env?: Record<string, string>;
}

/** What a test sees of one CLI run, the same for both runners (execa strips one final newline; so do we). */
export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
}

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'router-test-'));
}

/** The real binary in a child process. */
export function cliProcess(home: string, args: string[], opts: CliOptions = {}): Promise<Result> {
  return execa(process.execPath, [BIN, ...args], {
    env: { ROUTER_HOME: home, NO_COLOR: '1', ...opts.env },
    extendEnv: true,
    reject: false,
    input: opts.input,
    timeout: 30_000,
  });
}

/** The CLI in-process when that is faithful; otherwise (see needsProcess) the real binary. */
export async function cli(home: string, args: string[], opts: CliOptions = {}): Promise<CliResult> {
  if (needsProcess(args, opts) || running) {
    // A call already in flight owns process.env and the output capture: a concurrent one gets a real process.
    const r = await cliProcess(home, args, opts);
    return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode };
  }
  running = true;
  try {
    return await runInProcess(home, args, opts);
  } finally {
    running = false;
  }
}

let running = false;

/** Shapes that need a process of their own: stdin, a child on the terminal, signal handlers, streams that never end. */
function needsProcess(args: string[], opts: CliOptions): boolean {
  const follow = args.includes('--follow') || (args.includes('-f') && args[0] !== 'route'); // route's -f is --file
  return opts.input !== undefined || args[0] === 'exec' || args.includes('--foreground') || follow;
}

type Oclif = typeof import('@oclif/core');
let loaded: Promise<{ oclif: Oclif; config: InstanceType<Oclif['Config']> }> | undefined;

/** Loads oclif and the CLI's config (manifest, plugins) once per test file. */
function loadOclif() {
  loaded ??= (async () => {
    const oclif = await import('@oclif/core');
    return { oclif, config: await oclif.Config.load(new URL('../../bin/run.js', import.meta.url).href) };
  })();
  return loaded;
}

async function runInProcess(home: string, args: string[], opts: CliOptions): Promise<CliResult> {
  const { oclif, config } = await loadOclif();
  const env: Record<string, string> = { ROUTER_HOME: home, NO_COLOR: '1', ...opts.env };
  const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const saved = {
    argv: process.argv,
    exitCode: process.exitCode,
    console: globalThis.console,
    out: process.stdout.write,
    err: process.stderr.write,
    exit: process.exit,
  };
  let stdout = '';
  let stderr = '';
  let exitCode: number | undefined;
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  const capture = (append: (s: string) => void) =>
    ((chunk: Uint8Array | string, encOrCb?: unknown, cb?: unknown) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      const done = typeof encOrCb === 'function' ? encOrCb : cb;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as typeof process.stdout.write;
  Object.assign(process.env, env);
  process.argv = [process.execPath, BIN, ...args];
  process.exitCode = undefined;
  globalThis.console = new Console({ stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), colorMode: false });
  process.stdout.write = capture((s) => (stdout += s));
  process.stderr.write = capture((s) => (stderr += s));
  // A spawned CLI writes to pipes: no TTY, whatever terminal the test run has.
  const ttys = [process.stdout, process.stderr].map((stream) => [stream, Object.getOwnPropertyDescriptor(stream, 'isTTY')] as const);
  for (const [stream] of ttys) Object.defineProperty(stream, 'isTTY', { value: false, configurable: true, writable: true });
  // Node prints process warnings (oclif emits some) to stderr, with its "--trace-warnings" hint after the first
  // one of a process: a fresh CLI process always shows it, so its printer stands in for Node's during the call.
  const nodeWarningPrinters = process.listeners('warning');
  process.removeAllListeners('warning');
  let warned = false;
  const onWarning = (w: Error & { code?: string }) => {
    stderr += `(node:${process.pid}) ${w.code ? `[${w.code}] ` : ''}${w.name}: ${w.message}\n`;
    if (!warned) stderr += '(Use `node --trace-warnings ...` to show where the warning was created)\n';
    warned = true;
  };
  process.on('warning', onWarning);
  try {
    // (No oclif flush(): it waits for a 'drain' of the real stdout, and the capture never buffers.)
    await oclif.run(args, config);
  } catch (err) {
    // bin/run.js hands failures to oclif's handle(), which prints and then calls process.exit(code).
    process.exit = ((code?: number) => {
      exitCode = code ?? 0;
    }) as typeof process.exit;
    await oclif.handle(err as Error);
  } finally {
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    process.off('warning', onWarning);
    for (const l of nodeWarningPrinters) process.on('warning', l);
    process.exit = saved.exit;
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    for (const [stream, descriptor] of ttys) {
      if (descriptor) Object.defineProperty(stream, 'isTTY', descriptor);
      else delete (stream as { isTTY?: boolean }).isTTY;
    }
    globalThis.console = saved.console;
    exitCode ??= typeof process.exitCode === 'number' ? process.exitCode : Number(process.exitCode ?? 0);
    process.exitCode = saved.exitCode;
    process.argv = saved.argv;
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return { stdout: stripFinalNewline(stdout), stderr: stripFinalNewline(stderr), exitCode };
}

const stripFinalNewline = (s: string) => s.replace(/\r?\n$/, '');

export interface RunningDaemon {
  home: string;
  url: string;
  pid: number;
  socket: string;
  stop(): Promise<void>;
}

/** Writes config.yaml (if given) into a fresh home and starts the daemon on a free port. */
export async function startDaemon(configYaml?: string, home = tempHome()): Promise<RunningDaemon> {
  if (configYaml !== undefined) writeFileSync(join(home, 'config.yaml'), configYaml);
  const r = await cli(home, ['daemon', 'start', '--listen', '127.0.0.1:0', '--json']);
  if (r.exitCode !== 0) throw new Error(`daemon start failed (${r.exitCode}): ${r.stdout} ${r.stderr}`);
  const status = JSON.parse(String(r.stdout)) as { pid: number; listen: string; socket: string };
  return {
    home,
    url: `http://${status.listen}`,
    pid: status.pid,
    socket: status.socket,
    async stop() {
      const s = await cli(home, ['daemon', 'stop']);
      if (s.exitCode !== 0) {
        try {
          process.kill(status.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
}

/** The running daemon's status over its control socket. */
export async function daemonStatus(socket: string): Promise<StatusDTO> {
  const c = await DaemonClient.connect(socket);
  try {
    return await c.call('status');
  } finally {
    c.close();
  }
}
