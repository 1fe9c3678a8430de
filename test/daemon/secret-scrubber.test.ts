// The scrubber on its own: every secret, wherever it appears, longest first; short values ignored.
import { describe, expect, it } from 'vitest';
import { createScrubber, headerSecrets } from '../../src/daemon/secret-scrubber.js';

describe('createScrubber', () => {
  it('replaces every occurrence of every secret, including regex metacharacters', () => {
    const s = createScrubber(['sk-abc.def+123', 'other-secret-99', undefined]);
    expect(s.scrub('key sk-abc.def+123 and sk-abc.def+123; Bearer other-secret-99')).toBe(
      'key [redacted] and [redacted]; Bearer [redacted]',
    );
    expect(s.scrub('sk-abcXdef+123 is not it')).toBe('sk-abcXdef+123 is not it');
  });

  it('removes a secret that contains another one whole', () => {
    expect(createScrubber(['secret', 'secret-long-value']).scrub('x secret-long-value y')).toBe('x [redacted] y');
  });

  it('ignores values too short to be secrets, and is the identity with none', () => {
    expect(createScrubber(['abc']).scrub('abc abc')).toBe('abc abc');
    expect(createScrubber([]).scrub('anything')).toBe('anything');
  });
});

describe('headerSecrets', () => {
  it('takes credential headers only, with and without their scheme', () => {
    expect(headerSecrets({ Authorization: 'Bearer tok-123456', 'x-api-key': 'k-7890123', 'x-title': 'my app' })).toEqual([
      'Bearer tok-123456',
      'tok-123456',
      'k-7890123',
    ]);
  });
});
