import { describe, expect, it } from 'vitest';
import { shellLine } from './shell-line.ts';

describe('shellLine', () => {
  it('makes repository paths relative and quotes what the shell would expand', () => {
    expect(
      shellLine('java', ['-cp', '/repo/.playground/lab-tools/lib/*', 'Main', '*', "it's"], '/repo'),
    ).toBe(`java -cp '.playground/lab-tools/lib/*' Main '*' 'it'\\''s'`);
  });

  it('writes the 100-byte value as the printf that makes it, and leaves short runs alone', () => {
    const line = shellLine('redis-benchmark', ['XADD', 'k', 'v', 'x'.repeat(100), 'aaa'], '/r');
    expect(line).toBe(`redis-benchmark XADD k v "$(printf 'x%.0s' {1..100})" aaa`);
  });

  it('keeps URIs and key names with colons unquoted', () => {
    expect(shellLine('t', ['amqp://guest:guest@127.0.0.1:5672', 'pg:lab-b:t0'], '/r')).toBe(
      't amqp://guest:guest@127.0.0.1:5672 pg:lab-b:t0',
    );
  });
});
