// The Codex setup the router gives: `router config codex` (config.toml) and `router exec -- codex`
// (the same provider entry as -c overrides). Codex 0.171 refuses wire_api = "chat" and reads its
// key from the env_key variable, which must be one that `router exec` sets.
import { describe, expect, it } from 'vitest';
import { settingsFor, withCodexProvider } from '../../src/cli/client-settings.js';
import { clientEnv } from '../../src/cli/endpoint.js';

const endpoint = { origin: 'http://127.0.0.1:4141', apiKey: 'llm-router', started: false };

describe('codex settings', () => {
  it('config.toml: a Responses provider whose key variable router exec sets', () => {
    const s = settingsFor('codex', endpoint, 'fast');
    expect(s.text).toContain('wire_api = "responses"');
    expect(s.text).toContain('base_url = "http://127.0.0.1:4141/v1"');
    expect(s.text).toContain('model = "fast"');
    const key = /env_key = "([A-Z_]+)"/.exec(s.text)?.[1];
    expect(key).toBe('OPENAI_API_KEY');
    expect(clientEnv(endpoint)[key!]).toBe('llm-router');
    expect(s.env).toEqual({ OPENAI_API_KEY: 'llm-router' });
  });

  it('router exec -- codex: the provider entry as -c overrides right after the program', () => {
    const out = withCodexProvider(['codex', 'exec', 'hi'], endpoint, 'fast');
    expect(out).toEqual([
      'codex',
      '-c',
      'model_provider="llm-router"',
      '-c',
      'model_providers.llm-router.name="llm-router"',
      '-c',
      'model_providers.llm-router.base_url="http://127.0.0.1:4141/v1"',
      '-c',
      'model_providers.llm-router.env_key="OPENAI_API_KEY"',
      '-c',
      'model_providers.llm-router.wire_api="responses"',
      '-c',
      'model="fast"',
      'exec',
      'hi',
    ]);
    expect(withCodexProvider(['node', '/x/bin/codex.js', 'exec'], endpoint).slice(0, 4)).toEqual([
      'node',
      '/x/bin/codex.js',
      '-c',
      'model_provider="llm-router"',
    ]);
    expect(withCodexProvider(['/usr/local/bin/codex'], endpoint)).toContain('model="auto"');
  });

  it('leaves every other command alone', () => {
    expect(withCodexProvider(['aider', '--model', 'openai/auto'], endpoint)).toEqual(['aider', '--model', 'openai/auto']);
    expect(withCodexProvider(['node', 'codex-helper.js'], endpoint)).toEqual(['node', 'codex-helper.js']);
  });
});
