// Reading the daemon's log file: the last N lines, and following it as it grows.
import { open, readFile, stat } from 'node:fs/promises';
import { watch } from 'node:fs';

export async function lastLines(file: string, n: number): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  return n === 0 ? [] : lines.slice(-n);
}

/** Never resolves on its own; Ctrl-C ends it. */
export async function followLines(file: string, onLine: (line: string) => void): Promise<never> {
  let offset = (await stat(file)).size;
  let partial = '';
  const readNew = async () => {
    const size = (await stat(file)).size;
    if (size < offset) offset = 0; // truncated or rotated
    if (size === offset) return;
    const fh = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(size - offset), 0, size - offset, offset);
      offset += bytesRead;
      const text = partial + buffer.subarray(0, bytesRead).toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const l of parts) if (l) onLine(l);
    } finally {
      await fh.close();
    }
  };
  let busy = Promise.resolve();
  watch(file, () => (busy = busy.then(readNew)));
  setInterval(() => (busy = busy.then(readNew)), 1000);
  return new Promise<never>(() => {});
}
