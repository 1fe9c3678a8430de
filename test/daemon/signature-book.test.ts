import { describe, expect, it } from 'vitest';
import { BoundedSignatureBook } from '../../src/daemon/providers/signature-book.js';

describe('BoundedSignatureBook', () => {
  it('keeps the newest ids up to its limit, oldest out first', () => {
    const book = new BoundedSignatureBook(2);
    book.set('a', 'sig-a');
    book.set('b', 'sig-b');
    book.set('c', 'sig-c');
    expect([book.get('a'), book.get('b'), book.get('c'), book.size]).toEqual([undefined, 'sig-b', 'sig-c', 2]);
    book.set('d', 'sig-d');
    book.set('e', 'sig-e');
    expect([book.get('b'), book.get('c'), book.get('d'), book.get('e'), book.size]).toEqual([undefined, undefined, 'sig-d', 'sig-e', 2]);
  });

  it('an id set again takes the new signature and keeps its place', () => {
    const book = new BoundedSignatureBook(2);
    book.set('a', 'sig-a');
    book.set('a', 'sig-a2');
    expect([book.get('a'), book.size]).toEqual(['sig-a2', 1]);
    book.set('b', 'sig-b');
    expect([book.get('a'), book.get('b'), book.size]).toEqual(['sig-a2', 'sig-b', 2]);
    book.set('c', 'sig-c');
    expect([book.get('a'), book.get('b'), book.get('c')]).toEqual([undefined, 'sig-b', 'sig-c']);
  });

  it('stays bounded over many turns', () => {
    const book = new BoundedSignatureBook(100);
    for (let i = 0; i < 10_000; i++) book.set(`call_${i}`, `sig-${i}`);
    expect(book.size).toBe(100);
    expect(book.get('call_9999')).toBe('sig-9999');
    expect(book.get('call_9900')).toBe('sig-9900');
    expect(book.get('call_9899')).toBeUndefined();
  });
});
