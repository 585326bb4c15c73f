// Instruction flags with BuildKit's rules (instructions/bflag.go): `--name=value` strings,
// `--name` / `--name=true|false` booleans, repeatable string lists; unknown, duplicate and
// value-less flags are errors at the flag's line:col.

import { didYouMean } from './suggest.ts';
import type { Flag } from './types.ts';

export type FlagType = 'string' | 'bool' | 'strings';
export type FlagSpec = Record<string, FlagType>;

export interface FlagProblem {
  flag: Flag;
  message: string;
}

export interface FlagValues {
  strings: Map<string, string>;
  bools: Map<string, boolean>;
  lists: Map<string, string[]>;
}

export function parseFlags(
  keyword: string,
  flags: readonly Flag[],
  spec: FlagSpec,
): { values: FlagValues; problems: FlagProblem[] } {
  const values: FlagValues = { strings: new Map(), bools: new Map(), lists: new Map() };
  const problems: FlagProblem[] = [];
  const used = new Set<string>();
  const names = Object.keys(spec);
  for (const flag of flags) {
    const type = spec[flag.name];
    if (!type) {
      const hint = names.length === 0 ? ` (${keyword} takes no flags)` : didYouMean(flag.name, names, true);
      problems.push({ flag, message: `unknown flag: ${flag.name}${hint}` });
      continue;
    }
    if (used.has(flag.name) && type !== 'strings') {
      problems.push({ flag, message: `duplicate flag specified: ${flag.name}` });
      continue;
    }
    used.add(flag.name);
    if (type === 'bool') {
      if (flag.value === '') {
        problems.push({ flag, message: `missing a value on flag: ${flag.name}` });
        continue;
      }
      const v = (flag.value ?? 'true').toLowerCase();
      if (v !== 'true' && v !== 'false') {
        problems.push({ flag, message: `expecting boolean value for flag ${flag.name}, not: ${flag.value}` });
        continue;
      }
      values.bools.set(flag.name, v === 'true');
      continue;
    }
    if (flag.value === undefined) {
      problems.push({ flag, message: `missing a value on flag: ${flag.name}` });
      continue;
    }
    if (type === 'string') values.strings.set(flag.name, flag.value);
    else values.lists.set(flag.name, [...(values.lists.get(flag.name) ?? []), flag.value]);
  }
  return { values, problems };
}
