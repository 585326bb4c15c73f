// tsort: a total order consistent with the partial order that pairs of words give (Knuth's
// algorithm T, as coreutils 9.1's tsort.c runs it): the output order, and which relation a loop
// loses, follow tsort.c's walks over its search tree, whose in-order walk is byte order.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { Failure, inputs, NO_OPTIONS, program, quote, quotef, UsageError } from '../lib/index.ts';

interface Item {
  name: string;
  /** Predecessors not yet output. */
  count: number;
  /** Successors, the last recorded first (tsort.c pushes each onto a list). */
  successors: Item[];
  printed: boolean;
  /** The queue link of algorithm T, reused to retrace a loop. */
  qlink: Item | null;
}

const tsort = program((c) => {
  const { operands } = NO_OPTIONS.parse(c.args);
  if (operands.length > 1) throw new UsageError(`extra operand ${quote(operands[1]!)}`);
  const file = operands[0] ?? '-';
  const [input] = [...inputs(c, [file])];
  if (input!.data === null) return 1;
  const tokens = input!.data.split(/[ \t\n]+/).filter((t) => t !== '');
  if (tokens.length % 2 === 1) throw new Failure(`${quotef(file)}: input contains an odd number of tokens`);

  const items = new Map<string, Item>();
  const item = (name: string): Item => {
    let it = items.get(name);
    if (!it) {
      it = { name, count: 0, successors: [], printed: false, qlink: null };
      items.set(name, it);
    }
    return it;
  };
  for (let i = 0; i < tokens.length; i += 2) {
    const j = item(tokens[i]!);
    const k = item(tokens[i + 1]!);
    if (j !== k) {
      k.count++;
      j.successors.unshift(k);
    }
  }
  // tsort.c walks a balanced search tree in order: byte order of the names.
  const walk = [...items.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  let out = '';
  let ok = true;
  let remaining = walk.length;
  while (remaining > 0) {
    // T4: queue every item with no predecessor left.
    const queue: Item[] = walk.filter((k) => k.count === 0 && !k.printed);
    for (let head = 0; head < queue.length; head++) {
      const k = queue[head]!;
      out += k.name + '\n';
      k.printed = true;
      remaining--;
      for (const s of k.successors) if (--s.count === 0) queue.push(s);
    }
    if (remaining === 0) break;
    c.out.bin(out);
    out = '';
    c.warn(`${quotef(file)}: input contains a loop:`);
    ok = false;
    breakLoop(c.warn, walk);
  }
  c.out.bin(out);
  return ok ? 0 : 1;
});

/** tsort.c's detect_loop over whole walks: names one loop on stderr and removes one of its relations. */
function breakLoop(warn: (m: string) => void, walk: Item[]): void {
  let loop: Item | null = null;
  for (;;) {
    for (const k of walk) {
      if (k.count === 0) continue;
      if (loop === null) {
        loop = k;
        continue;
      }
      const at = k.successors.indexOf(loop);
      if (at < 0) continue;
      if (k.qlink === null) {
        k.qlink = loop;
        loop = k;
        continue;
      }
      // Found: retrace from here until k comes round again, and drop k's relation to it.
      let p: Item | null = loop;
      while (p) {
        const next: Item | null = p.qlink;
        warn(p.name);
        if (p === k) {
          const target = k.successors[at]!;
          target.count--;
          k.successors.splice(at, 1);
          break;
        }
        p.qlink = null;
        p = next;
      }
      while (p) {
        const next: Item | null = p.qlink;
        p.qlink = null;
        p = next;
      }
      return;
    }
    if (loop === null) return;
  }
}

export const tsortPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['tsort', tsort]];
