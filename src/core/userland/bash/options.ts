// bash's options: `set -o` names with their letters (o_options, in set -o's order), the order
// $- lists letters in (shell_flags), and shopt's options with the ones a non-interactive
// bash 5.2 starts with on.
// https://www.gnu.org/software/bash/manual/html_node/The-Set-Builtin.html
import type { ShellOptions, ShellState } from '../sh/state.ts';

/** set -o's names, alphabetical as bash lists them, and their letters ('' for none). */
export const SET_OPTIONS: ReadonlyArray<readonly [string, string]> = [
  ['allexport', 'a'],
  ['braceexpand', 'B'],
  ['emacs', ''],
  ['errexit', 'e'],
  ['errtrace', 'E'],
  ['functrace', 'T'],
  ['hashall', 'h'],
  ['histexpand', 'H'],
  ['history', ''],
  ['ignoreeof', ''],
  ['interactive-comments', ''],
  ['keyword', 'k'],
  ['monitor', 'm'],
  ['noclobber', 'C'],
  ['noexec', 'n'],
  ['noglob', 'f'],
  ['nolog', ''],
  ['notify', 'b'],
  ['nounset', 'u'],
  ['onecmd', 't'],
  ['physical', 'P'],
  ['pipefail', ''],
  ['posix', ''],
  ['privileged', 'p'],
  ['verbose', 'v'],
  ['vi', ''],
  ['xtrace', 'x'],
];

/** The order $- lists the letters in. */
const FLAG_ORDER = 'abefhikmnprtuvxBCEHPT';

/** The set -o options on when bash starts without being told otherwise. */
export const DEFAULT_SET = ['braceexpand', 'hashall', 'interactive-comments'];

/** shopt's options, alphabetical, and whether each starts on in a non-interactive bash. */
export const SHOPT_OPTIONS: ReadonlyArray<readonly [string, boolean]> = [
  ['autocd', false],
  ['assoc_expand_once', false],
  ['cdable_vars', false],
  ['cdspell', false],
  ['checkhash', false],
  ['checkjobs', false],
  ['checkwinsize', true],
  ['cmdhist', true],
  ['compat31', false],
  ['compat32', false],
  ['compat40', false],
  ['compat41', false],
  ['compat42', false],
  ['compat43', false],
  ['compat44', false],
  ['complete_fullquote', true],
  ['direxpand', false],
  ['dirspell', false],
  ['dotglob', false],
  ['execfail', false],
  ['expand_aliases', false],
  ['extdebug', false],
  ['extglob', false],
  ['extquote', true],
  ['failglob', false],
  ['force_fignore', true],
  ['globasciiranges', true],
  ['globskipdots', true],
  ['globstar', false],
  ['gnu_errfmt', false],
  ['histappend', false],
  ['histreedit', false],
  ['histverify', false],
  ['hostcomplete', true],
  ['huponexit', false],
  ['inherit_errexit', false],
  ['interactive_comments', true],
  ['lastpipe', false],
  ['lithist', false],
  ['localvar_inherit', false],
  ['localvar_unset', false],
  ['login_shell', false],
  ['mailwarn', false],
  ['no_empty_cmd_completion', false],
  ['nocaseglob', false],
  ['nocasematch', false],
  ['noexpand_translation', false],
  ['nullglob', false],
  ['patsub_replacement', true],
  ['progcomp', true],
  ['progcomp_alias', false],
  ['promptvars', true],
  ['restricted_shell', false],
  ['shift_verbose', false],
  ['sourcepath', true],
  ['varredir_close', false],
  ['xpg_echo', false],
];

/** The options ShellState keeps as fields (the engine reads them); the rest live in `moreOptions`. */
const FIELDS = new Set([
  'errexit',
  'nounset',
  'xtrace',
  'pipefail',
  'noglob',
  'noclobber',
  'allexport',
  'verbose',
  'noexec',
]);

export function optionOn(state: ShellState, name: string): boolean {
  if (FIELDS.has(name)) return state.options[name as keyof ShellOptions];
  return state.moreOptions.has(name);
}

/** Sets a `set -o` option; false when bash has no such option. */
export function setOption(state: ShellState, name: string, on: boolean): boolean {
  if (!SET_OPTIONS.some(([n]) => n === name)) return false;
  if (name === 'posix') {
    // bash says so in the environment, for the programs it runs.
    if (on) state.vars.set('POSIXLY_CORRECT', { value: 'y', exported: false, readonly: false });
    else state.vars.delete('POSIXLY_CORRECT');
  }
  if (FIELDS.has(name)) state.options[name as keyof ShellOptions] = on;
  else if (on) state.moreOptions.add(name);
  else state.moreOptions.delete(name);
  return true;
}

/** The option a letter of `set -e` and the like stands for, or undefined. */
export function optionOfLetter(letter: string): string | undefined {
  return SET_OPTIONS.find(([, l]) => l === letter)?.[0];
}

/** $-: the letters of the options on, then c (-c) and s (reading stdin). */
export function flagString(state: ShellState): string {
  let out = '';
  for (const letter of FLAG_ORDER) {
    const name = optionOfLetter(letter);
    if (name && optionOn(state, name)) out += letter;
  }
  if (state.commandString) out += 'c';
  if (state.readsStdin) out += 's';
  return out;
}

/** SHELLOPTS: the set -o options on, colon-separated. */
export function shellopts(state: ShellState): string {
  return SET_OPTIONS.filter(([n]) => optionOn(state, n))
    .map(([n]) => n)
    .join(':');
}

/** BASHOPTS: the shopt options on, colon-separated. */
export function bashopts(state: ShellState): string {
  return SHOPT_OPTIONS.filter(([n]) => state.shopt.has(n))
    .map(([n]) => n)
    .join(':');
}
