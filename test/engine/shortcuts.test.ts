import { describe, expect, it } from 'vitest';
import type { ShortcutName } from '../../src/engine/shortcuts.js';
import { parseShortcuts, shortcutEffect } from '../../src/engine/shortcuts.js';

describe('parseShortcuts', () => {
  it.each<[string, ShortcutName[] | undefined, string | undefined]>([
    ['@reasoning why is the sky blue?', ['reasoning'], 'why is the sky blue?'],
    ['  @swe fix the failing test', ['swe'], 'fix the failing test'],
    ['@long @vision describe these pages', ['long', 'vision'], 'describe these pages'],
    ['@FAST hi', ['fast'], 'hi'],
    ['@fast', ['fast'], ''],
    ['@fast @fast twice', ['fast'], 'twice'],
    ['@fast\nnext line', ['fast'], 'next line'],
    ['@long @unknown keeps the rest', ['long'], '@unknown keeps the rest'],
    ['@longer is not a shortcut', undefined, undefined],
    ['@vision: no colon form', undefined, undefined],
    ['mail me@fast.com', undefined, undefined],
    ['please @reasoning later in the text', undefined, undefined],
    ['', undefined, undefined],
  ])('%j', (text, names, stripped) => {
    const parsed = parseShortcuts(text);
    expect(parsed?.names).toEqual(names);
    expect(parsed?.strippedText).toBe(stripped);
  });
});

describe('shortcutEffect', () => {
  it.each<[ShortcutName[], number, ReturnType<typeof shortcutEffect>]>([
    [['reasoning'], 10, { require: { reasoning: true }, tier: 'strong' }],
    [['swe'], 10, { require: { reasoning: true }, tier: 'strong', intent: 'code' }],
    [['long'], 10, { require: { minContext: 100_000 } }],
    [['long'], 250_000, { require: { minContext: 250_000 } }],
    [['vision'], 10, { require: { vision: true } }],
    [['fast'], 10, { require: {}, fastest: true }],
    [['long', 'vision'], 10, { require: { minContext: 100_000, vision: true } }],
  ])('%j with %i tokens', (names, tokens, effect) => {
    expect(shortcutEffect(names, tokens)).toEqual(effect);
  });
});
