// Local wall-clock parts of a ms timestamp, for rule `hours` and `days`. The offset is passed in
// (minutes east of UTC) because the engine never reads the machine's clock or zone.

export const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type DayName = (typeof dayNames)[number];

const dayMs = 86_400_000;

export interface LocalTime {
  minuteOfDay: number;
  day: DayName;
}

export function localTime(now: number, tzOffsetMinutes: number): LocalTime {
  const local = now + tzOffsetMinutes * 60_000;
  const msOfDay = ((local % dayMs) + dayMs) % dayMs;
  const daysSinceEpoch = Math.floor(local / dayMs);
  // 1970-01-01 was a Thursday.
  const day = dayNames[(((daysSinceEpoch + 4) % 7) + 7) % 7] ?? 'sun';
  return { minuteOfDay: Math.floor(msOfDay / 60_000), day };
}

export interface MinuteRange {
  start: number;
  end: number;
}

/** "22:00-06:00" -> minutes; undefined when a time is invalid. */
export function parseHours(spec: string): MinuteRange | undefined {
  const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(spec.trim());
  if (!m) return undefined;
  const [h1, m1, h2, m2] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  // 24:00 is allowed as an end ("18:00-24:00").
  if (h1 > 23 || m1 > 59 || h2 > 24 || m2 > 59 || (h2 === 24 && m2 !== 0)) return undefined;
  return { start: h1 * 60 + m1, end: h2 * 60 + m2 };
}

/** Start inclusive, end exclusive; a range whose end is before its start wraps midnight; equal ends mean all day. */
export function inRange(minute: number, r: MinuteRange): boolean {
  if (r.start === r.end) return true;
  return r.start < r.end ? minute >= r.start && minute < r.end : minute >= r.start || minute < r.end;
}

export function formatOffset(tzOffsetMinutes: number): string {
  if (tzOffsetMinutes === 0) return 'UTC';
  const sign = tzOffsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(tzOffsetMinutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
