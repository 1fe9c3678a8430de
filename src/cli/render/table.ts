// Tables for humans. cli-table3 lives only here; borders are plain when stdout is not a TTY.
import Table from 'cli-table3';
import { useColor } from './output.js';

export function table(head: string[], rows: Array<Array<string | number>>): string {
  const t = new Table({
    head,
    style: { head: useColor(process.stdout) ? ['cyan'] : [], border: [] },
    chars: useColor(process.stdout)
      ? undefined
      : {
          top: '',
          'top-mid': '',
          'top-left': '',
          'top-right': '',
          bottom: '',
          'bottom-mid': '',
          'bottom-left': '',
          'bottom-right': '',
          left: '',
          'left-mid': '',
          mid: '',
          'mid-mid': '',
          right: '',
          'right-mid': '',
          middle: '  ',
        },
  });
  for (const r of rows) t.push(r.map(String));
  return t
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}
