// A path with bad percent-encoding is the client's mistake: a 400 in the client's error shape,
// never a 500 "internal router error". Sent as raw HTTP, since fetch would not send it as is.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

let d: RunningDaemon;

beforeAll(async () => {
  d = await startDaemon();
});
afterAll(async () => {
  await d?.stop();
});

function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; contentType: string; body: unknown }> {
  const { hostname, port } = new URL(d.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body: JSON.parse(text) as unknown }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('malformed percent-encoding in the path', () => {
  it.each(['/v1/models/%E0%A4%A', '/models/%E0%A4%A', '/v1/models/abc%ZZ', '/v1/models/%'])('GET %s is a 400 invalid_request_error in OpenAI shape', async (path) => {
    const res = await rawGet(path);
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/json');
    expect(res.body).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('percent-encoding') } });
  });

  it('an Anthropic client gets the Anthropic error shape', async () => {
    const res = await rawGet('/v1/models/%E0%A4%A', { 'anthropic-version': '2023-06-01' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('a well-encoded id still resolves, and the daemon keeps serving', async () => {
    expect((await rawGet('/v1/models/auto')).body).toMatchObject({ id: 'auto', object: 'model' });
    expect((await rawGet('/v1/models/%61uto')).body).toMatchObject({ id: 'auto', object: 'model' });
    expect((await rawGet('/v1/models/nosuch%20model')).status).toBe(404);
  });
});
