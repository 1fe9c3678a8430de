// One scan of the last user message feeds both intent and difficulty.
import type { KeywordGroup } from './lexicon.js';
import { analysisWindow, buildLexicon, scanText } from './lexicon.js';

const code = 0;
const creative = 1;
const analysis = 2;
const hard = 3;
const easy = 4;

// The word lists read best as the paragraphs they are, not one word a line.
// prettier-ignore
const groups: readonly KeywordGroup[] = [
  {
    category: code,
    weight: 2,
    words: ['bug', 'bugs', 'debug', 'debugging', 'refactor', 'compile', 'compiler', 'stack trace', 'traceback', 'segfault', 'exception',
      'null pointer', 'unit test', 'unit tests', 'regex', 'typescript', 'javascript', 'python', 'rust', 'golang', 'java', 'kotlin', 'cpp',
      'csharp', 'sql', 'api', 'endpoint', 'json', 'yaml', 'docker', 'kubernetes', 'git', 'npm', 'pip', 'repo', 'codebase', 'function',
      'method', 'variable', 'syntax', 'script', 'pull request', 'merge conflict', 'linter', 'implement', 'code', 'class', 'struct'],
  },
  { category: code, weight: 2, afterDot: true, words: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'py', 'rs', 'go', 'java', 'cpp', 'cs', 'rb', 'php', 'sh', 'sql', 'yaml', 'json'] },
  {
    category: creative,
    weight: 2,
    words: ['poem', 'poems', 'poetry', 'haiku', 'sonnet', 'limerick', 'lyrics', 'song', 'story', 'stories', 'novel', 'fiction', 'fairy tale',
      'screenplay', 'character', 'characters', 'plot', 'narrative', 'rhyme', 'rhyming', 'creative', 'imagine', 'brainstorm', 'slogan',
      'tagline', 'fantasy', 'dialogue', 'once upon a time'],
  },
  { category: creative, weight: 1, words: ['write me a', 'tell me a'] },
  {
    category: analysis,
    weight: 2,
    words: ['analyze', 'analyse', 'analysis', 'compare', 'comparison', 'contrast', 'evaluate', 'evaluation', 'assess', 'assessment',
      'pros and cons', 'trade off', 'trade offs', 'tradeoffs', 'summarize', 'summarise', 'summary', 'explain why', 'root cause', 'data',
      'dataset', 'statistics', 'statistical', 'trend', 'trends', 'correlation', 'forecast', 'metrics', 'report', 'insights',
      'implications', 'critique', 'interpret', 'breakdown', 'which is better'],
  },
  {
    category: hard,
    weight: 2,
    words: ['prove', 'proof', 'theorem', 'derive', 'derivation', 'formally', 'optimize', 'optimise', 'optimization', 'time complexity',
      'big o', 'algorithm', 'architecture', 'system design', 'distributed', 'concurrency', 'concurrent', 'race condition', 'race conditions', 'deadlock', 'deadlocks',
      'multi step', 'step by step', 'in depth', 'thoroughly', 'rigorous', 'rigorously', 'edge cases', 'trade offs', 'refactor', 'migrate', 'migration',
      'security audit', 'vulnerability', 'vulnerabilities', 'scalability', 'root cause', 'reverse engineer', 'end to end'],
  },
  { category: easy, weight: 3, atStart: true, words: ['hi', 'hello', 'hey', 'thanks', 'thank you', 'ok', 'okay', 'yes', 'no', 'good morning', 'good evening'] },
  {
    category: easy,
    weight: 2,
    words: ['what is', 'who is', 'who was', 'define', 'definition of', 'translate', 'spell', 'synonym', 'capital of', 'how do you say',
      'tldr', 'one word', 'short answer', 'quick question', 'yes or no'],
  },
];

const lexicon = buildLexicon(groups);

export interface TextScores {
  code: number;
  creative: number;
  analysis: number;
  hard: number;
  easy: number;
}

export function scoreText(text: string): TextScores {
  const { scores: s, fences, operators } = scanText(analysisWindow(text), lexicon);
  return {
    code: (s[code] ?? 0) + (fences > 0 ? 3 : 0) + Math.min(operators, 2),
    creative: s[creative] ?? 0,
    analysis: s[analysis] ?? 0,
    hard: (s[hard] ?? 0) + (fences > 0 ? 1 : 0),
    easy: s[easy] ?? 0,
  };
}
