// A small, stable, pure hash for ids that must keep their identity but not their length (the wire
// room may not import node:crypto). FNV-1a 64-bit over the UTF-8 bytes: not a secret-keeping hash,
// only a deterministic, well-spread short name for a long id.
const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** 16 lowercase hex digits. */
export function fnv1a64Hex(text: string): string {
  let h = OFFSET;
  for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * PRIME) & MASK;
  return h.toString(16).padStart(16, '0');
}
