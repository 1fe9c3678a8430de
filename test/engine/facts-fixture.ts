import type { RequestFacts } from '../../src/engine/types.js';

export function facts(extra: Partial<RequestFacts> = {}): RequestFacts {
  const lastUserText = extra.lastUserText ?? 'hello';
  return {
    model: 'auto',
    headers: {},
    clientFormat: 'openai',
    stream: false,
    lastUserText,
    systemText: '',
    textChars: lastUserText.length,
    imageCount: 0,
    toolCount: 0,
    toolsChars: 0,
    ...extra,
  };
}
