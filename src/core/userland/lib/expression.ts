// The one shape of the expression languages the tools read, the shell's $((…)), expr(1) and
// test(1): a cursor over tokens, and binary operators by precedence climbing (left to right,
// a higher precedence binding tighter). Each language keeps its own tokens (characters for
// $((…)), argv words for expr and test), its operands and what its operators do.

/** A cursor over tokens. */
export class Tokens<T> {
  readonly #items: readonly T[];
  #at = 0;

  constructor(items: readonly T[]) {
    this.#items = items;
  }

  /** The token `ahead` places on (0: the next one), or undefined past the end. */
  peek(ahead = 0): T | undefined {
    return this.#items[this.#at + ahead];
  }

  /** The next token, consumed. */
  next(): T | undefined {
    return this.#items[this.#at++];
  }

  /** Consumes the next token when it is `token`. */
  take(token: T): boolean {
    if (this.#items[this.#at] !== token) return false;
    this.#at++;
    return true;
  }

  /** The token before the next one. */
  previous(): T | undefined {
    return this.#items[this.#at - 1];
  }

  get done(): boolean {
    return this.#at >= this.#items.length;
  }
}

/** What a language's binary operators are and do, for `climb`; `C` is what reading passes down. */
export interface BinaryOperators<V, C> {
  /** The binary operator that comes next and its precedence, or undefined; consumed by `take`. */
  peek(): { op: string; precedence: number } | undefined;
  take(): void;
  /** An operand: what binds tighter than any binary operator (unary operators, primaries). */
  operand(context: C): V;
  /** The context the right side of `op` is read in ($((…))'s && and || skip what they need not). */
  right?(op: string, left: V, context: C): C;
  apply(op: string, left: V, right: V, context: C): V;
}

/** An expression of binary operators of at least `min` precedence, read left to right. */
export function climb<V, C>(ops: BinaryOperators<V, C>, context: C, min = 0): V {
  let left = ops.operand(context);
  for (let next = ops.peek(); next && next.precedence >= min; next = ops.peek()) {
    ops.take();
    const right = climb(ops, ops.right?.(next.op, left, context) ?? context, next.precedence + 1);
    left = ops.apply(next.op, left, right, context);
  }
  return left;
}
