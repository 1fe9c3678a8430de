// What `ledger.capturePrompts` keeps of a prompt: the text the learned model reads, with secrets
// and obvious personal data replaced by placeholders, bounded in length. Pure.

/**
 * Kept chars. The model reads words from the first 2 KB but ranks the prompt's whole length, so a
 * little more is kept; a longer prompt keeps its head, and its length ranks at the top anyway.
 */
export const capturedChars = 8_192;

// Order matters: keys before digit runs (a key holds digits), emails before keys (a long local part).
const patterns: ReadonlyArray<[RegExp, string]> = [
  // user@example.com
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  // Authorization headers and key=value secrets, whatever the token looks like.
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [key]'],
  [/\b(api[_-]?key|secret|token|password|passwd|pwd)(\s*[:=]\s*)["']?[^\s"']{4,}["']?/gi, '$1$2[key]'],
  // Provider-style keys (sk-…, sk-ant-…, ghp_…, xoxb-…, AKIA…) and any long run mixing letters and digits.
  [/\b(?:sk|pk|rk|ghp|gho|ghs|xox[abprs]|AKIA|AIza)[-_A-Za-z0-9]{12,}/g, '[key]'],
  [/\b(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}\b/g, '[key]'],
  // Card, phone, account and id numbers: 6+ digits, spaces or dashes allowed between them.
  [/\d(?:[ -]?\d){5,}/g, '[number]'],
];

export function redactPrompt(text: string): string {
  let out = text.length > capturedChars ? text.slice(0, capturedChars) : text;
  for (const [re, by] of patterns) out = out.replace(re, by);
  return out;
}
