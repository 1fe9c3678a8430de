import { describe, expect, it } from 'vitest';
import type { MinuteRange } from '../../src/engine/clock.js';
import { formatOffset, inRange, localTime, parseHours } from '../../src/engine/clock.js';

describe('localTime', () => {
  it.each<[string, number, number, string]>([
    ['2025-01-01T00:00:00Z', 0, 0, 'wed'],
    ['2025-01-01T23:59:00Z', 0, 1439, 'wed'],
    ['2025-01-01T23:30:00Z', 120, 90, 'thu'],
    ['2025-01-01T00:30:00Z', -60, 1410, 'tue'],
    ['2025-03-09T12:00:00Z', 330, 1050, 'sun'],
    ['1969-12-31T23:00:00Z', 0, 1380, 'wed'],
  ])('%s at %i min offset -> minute %i, %s', (iso, tz, minute, day) => {
    expect(localTime(Date.parse(iso), tz)).toEqual({ minuteOfDay: minute, day });
  });
});

describe('parseHours', () => {
  it.each<[string, MinuteRange | undefined]>([
    ['22:00-06:00', { start: 1320, end: 360 }],
    ['9:30-17:00', { start: 570, end: 1020 }],
    ['18:00-24:00', { start: 1080, end: 1440 }],
    ['24:00-06:00', undefined],
    ['10:60-11:00', undefined],
    ['25:00-01:00', undefined],
    ['9-17', undefined],
  ])('%j', (spec, range) => {
    expect(parseHours(spec)).toEqual(range);
  });
});

describe('inRange', () => {
  const night = { start: 1320, end: 360 };
  const day = { start: 540, end: 1020 };
  it.each<[MinuteRange, number, boolean]>([
    [night, 1319, false],
    [night, 1320, true],
    [night, 0, true],
    [night, 359, true],
    [night, 360, false],
    [day, 539, false],
    [day, 540, true],
    [day, 1019, true],
    [day, 1020, false],
    [{ start: 0, end: 0 }, 700, true],
  ])('%j contains %i: %s', (range, minute, expected) => {
    expect(inRange(minute, range)).toBe(expected);
  });
});

it.each<[number, string]>([
  [0, 'UTC'],
  [120, 'UTC+02:00'],
  [-300, 'UTC-05:00'],
  [330, 'UTC+05:30'],
])('formatOffset(%i) = %s', (tz, text) => {
  expect(formatOffset(tz)).toBe(text);
});
