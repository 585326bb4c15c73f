// Symbolic file modes, the grammar chmod(1) and COPY --chmod share (POSIX chmod's
// symbolic_mode): clauses split by ",", each some "who" letters (u g o a) and then actions,
// each an operator (+ - =) and its letters (r w x X s t, or u g o to copy a class's bits).
// What a clause does to a mode is each reader's own: GNU chmod(1) in userland/lib/mode.ts,
// BSD setmode(3) as BuildKit vendors it in builder/chmod.ts; they differ (X, o+t, the umask).
// https://pubs.opengroup.org/onlinepubs/9799919799/utilities/chmod.html

export interface ModeAction {
  op: '+' | '-' | '=';
  /** The letters after the operator, as written (a reader decides which mixes it takes). */
  letters: string;
}

export interface ModeClause {
  who: string;
  actions: ModeAction[];
}

const CLAUSE = /^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$/;

/** The clauses of a symbolic mode; undefined when `spec` is not one. */
export function parseSymbolicMode(spec: string): ModeClause[] | undefined {
  const clauses: ModeClause[] = [];
  for (const text of spec.split(',')) {
    const m = CLAUSE.exec(text);
    if (!m) return undefined;
    const actions = [...m[2]!.matchAll(/([-+=])([rwxXstugo]*)/g)].map((a) => ({
      op: a[1] as ModeAction['op'],
      letters: a[2]!,
    }));
    clauses.push({ who: m[1]!, actions });
  }
  return clauses;
}
