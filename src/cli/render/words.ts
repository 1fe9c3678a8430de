// Plain-language helpers shared by every rendering.

/** "1 route", "2 routes", "0 requests". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
