import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from './error-codes';

const ROOT = path.resolve(__dirname, '../../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') && !file.endsWith('.spec.ts') ? [file] : [];
  });
}

/**
 * The OpenAPI document's `ErrorCode` enum is what clients translate from: a code the API answers with but the enum
 * lacks would reach a client that cannot know it. Every code in the sources is in the list.
 */
describe('ERROR_CODES', () => {
  // The API's own code and the libraries it answers through (authentication).
  const files = [...sources(path.join(ROOT, 'apps/api/src')), ...sources(path.join(ROOT, 'libs/auth/src'))];
  const thrown = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const patterns = [
      // a coded exception, its code possibly chosen in a ternary (TOKEN_EXPIRED or TOKEN_INVALID)
      /CodedHttpException\(\s*HttpStatus\.\w+,\s*(?:\w+ \? '([A-Z][A-Z_]+)' : )?'([A-Z][A-Z_]+)'/g,
      // replies written outside Nest (bootstrap, the error filter, bull-board's guard)
      /statusCode: \d{3},\s*code: '([A-Z][A-Z_]+)'/g,
      /\bcode: '([A-Z][A-Z_]+)', message:/g,
      // the error filter's code for each HTTP status
      /^\s+\d{3}: '([A-Z][A-Z_]+)',$/gm,
    ];
    for (const pattern of patterns)
      for (const m of text.matchAll(pattern))
        for (const code of m.slice(1)) if (code) thrown.set(code, path.relative(ROOT, file));
  }

  it('should find the codes of the sources (the scan works)', () => {
    expect([...thrown.keys()]).toEqual(
      expect.arrayContaining(['CASE_NOT_FOUND', 'VALIDATION_FAILED', 'TOKEN_EXPIRED', 'READ_ONLY', 'SHUTTING_DOWN']),
    );
  });

  it('should list every code the API answers with', () => {
    const missing = [...thrown].filter(([code]) => !(ERROR_CODES as readonly string[]).includes(code));
    expect(missing).toEqual([]);
  });

  it('should list each code once', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});
