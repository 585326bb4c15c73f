// An option's argument matched against its allowed words as gnulib's argmatch does (any
// unambiguous prefix: --round=near), failing with XARGMATCH's usage message that lists them.
import { UsageError } from './errors.ts';
import { quote } from './quote.ts';

/** The value of the word `arg` names (or begins) among `choices`; a UsageError otherwise. */
export function argmatch<V>(option: string, arg: string, choices: ReadonlyArray<readonly [string, V]>): V {
  const exact = choices.find(([word]) => word === arg);
  if (exact) return exact[1];
  const prefixed = choices.filter(([word]) => word.startsWith(arg));
  const values = new Set(prefixed.map(([, v]) => v));
  if (values.size === 1) return prefixed[0]![1];
  const problem = values.size === 0 ? 'invalid' : 'ambiguous';
  // Words with one value are listed on one line, as argmatch_valid lists synonyms.
  const lines: string[] = [];
  choices.forEach(([word, v], i) => {
    if (i > 0 && choices[i - 1]![1] === v) lines[lines.length - 1] += `, ${quote(word)}`;
    else lines.push(`  - ${quote(word)}`);
  });
  throw new UsageError(
    `${problem} argument ${quote(arg)} for ${quote(option)}\nValid arguments are:\n${lines.join('\n')}`,
  );
}
