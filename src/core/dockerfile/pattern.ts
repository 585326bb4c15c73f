// Shell wildcard patterns of ${V#p}, ${V%p} and ${V/p/r}, converted to regular expressions the
// way BuildKit's lexer does: `*` and `?` only (no bracket expressions), `\` escapes `*`, `?`, `\`,
// and an escaped `}` or `/` is just that character.

export class PatternError extends Error {}

const regexSpecial = new Set(['[', ']', '{', '}', '.', '+', '(', ')', '|', '^', '$']);

export function shellPatternToRegex(pattern: string, greedy: boolean, anchored: boolean): RegExp {
  const chars = Array.from(pattern);
  let out = anchored ? '^' : '';
  const star = greedy ? '.*' : '.*?';
  for (let i = 0; i < chars.length; i++) {
    const tok = chars[i]!;
    if (tok === '*') {
      out += star;
      continue;
    }
    if (tok === '?') {
      out += '.';
      continue;
    }
    if (tok === '\\') {
      const next = chars[i + 1];
      if (next === '}' || next === '/') continue;
      i++;
      if (next !== '*' && next !== '?' && next !== '\\') {
        throw new PatternError(`invalid escape '\\${next ?? ''}'`);
      }
      out += '\\' + next;
      continue;
    }
    if (regexSpecial.has(tok)) out += '\\';
    out += tok;
  }
  return new RegExp(out, 'u');
}

/** ${V#p} / ${V##p}: drop the shortest (or longest) prefix matching the pattern. */
export function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const m = shellPatternToRegex(pattern, greedy, true).exec(value);
  return m ? value.slice(m.index + m[0].length) : value;
}

/** Reverses a pattern but keeps each escape before the character it escapes (a\*c -> c\*a). */
function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const out: string[] = [];
  for (let i = 0; i < chars.length;) {
    if (chars[i] === '\\' && i !== chars.length - 1) {
      out.unshift('\\' + chars[i + 1]!);
      i += 2;
    } else {
      out.unshift(chars[i]!);
      i++;
    }
  }
  return out.join('');
}

function reverse(s: string): string {
  return Array.from(s).reverse().join('');
}

/** ${V%p} / ${V%%p}: regular expressions cannot find the shortest rightmost match, so both the
 * value and the pattern are reversed and the search becomes a leftmost one (as BuildKit does). */
export function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  return reverse(trimPrefix(reversePattern(pattern), reverse(value), greedy));
}
