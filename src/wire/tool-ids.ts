// Anthropic requires tool ids matching ^[a-zA-Z0-9_-]+$, while OpenAI-compatible upstreams issue
// ids like "functions.Read:0". The mapping is stateless and reversible, so the original id comes
// back even on a later request that carries the history (a per-request map could not do that).
// Safe ids pass through unchanged; others get a marker prefix and "_" + 4 hex digits per unsafe
// UTF-16 unit ("_" itself included, which keeps the encoding reversible).

const MARK = 'tcx_';
const safe = /^[a-zA-Z0-9_-]+$/;

export function toAnthropicToolId(id: string): string {
  if (id.length > 0 && safe.test(id) && !id.startsWith(MARK)) return id;
  let out = MARK;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    const plain = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
    out += plain ? id[i] : `_${c.toString(16).padStart(4, '0')}`;
  }
  return out === MARK ? `${MARK}_` : out;
}

export function fromAnthropicToolId(id: string): string {
  if (!id.startsWith(MARK)) return id;
  if (id === `${MARK}_`) return '';
  let out = '';
  for (let i = MARK.length; i < id.length; i++) {
    if (id[i] !== '_') {
      out += id[i];
      continue;
    }
    const hex = id.slice(i + 1, i + 5);
    if (!/^[0-9a-f]{4}$/.test(hex)) return id;
    out += String.fromCharCode(parseInt(hex, 16));
    i += 4;
  }
  return out;
}
