// Precedence climbing as $((…)), expr and test use it: tighter operators first, each level
// left to right, and a context handed to right-hand sides.
import { describe, expect, it } from 'vitest';
import { climb, Tokens, type BinaryOperators } from '../../../../src/core/userland/lib/index.ts';

const PRECEDENCE = new Map([
  ['-', 1],
  ['*', 2],
]);

function evaluate(words: string[], seen: string[] = []): number {
  const toks = new Tokens(words);
  const ops: BinaryOperators<number, boolean> = {
    peek: () => {
      const op = toks.peek() ?? '';
      const precedence = PRECEDENCE.get(op);
      return precedence === undefined ? undefined : { op, precedence };
    },
    take: () => void toks.next(),
    operand: (live) => {
      const w = toks.next()!;
      if (live) seen.push(w);
      return Number(w);
    },
    // The right side of "0 *" is read but not evaluated, as && skips its right side.
    right: (op, left, live) => (op === '*' ? live && left !== 0 : live),
    apply: (op, a, b) => (op === '-' ? a - b : a * b),
  };
  return climb(ops, true);
}

describe('climb', () => {
  it('binds * tighter than -, and reads each level left to right', () => {
    expect(evaluate(['10', '-', '2', '*', '3', '-', '1']), '10 - 2 * 3 - 1').toBe(3);
    expect(evaluate(['8', '-', '4', '-', '2']), '8 - 4 - 2').toBe(2);
  });

  it('passes a context to the right side', () => {
    const seen: string[] = [];
    evaluate(['0', '*', '5', '-', '7'], seen);
    expect(seen, 'operands read live').toEqual(['0', '7']);
  });

  it('a cursor takes, peeks ahead and knows where it stands', () => {
    const t = new Tokens(['a', 'b']);
    expect([t.take('b'), t.take('a'), t.peek(), t.peek(1), t.previous(), t.done], 'Tokens').toEqual([
      false,
      true,
      'b',
      undefined,
      'a',
      false,
    ]);
  });
});
