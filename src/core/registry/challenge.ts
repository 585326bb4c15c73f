// WWW-Authenticate challenges (RFC 7235 section 4.1) as registries send them:
// `Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull"`
// or `Basic realm="Registry Realm"`. https://distribution.github.io/distribution/spec/auth/token/

export interface Challenge {
  /** Lowercase: "bearer", "basic". */
  scheme: string;
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;

/** The challenges in a WWW-Authenticate value, in order; an unparsable value gives []. */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  let i = 0;
  const skip = (): void => {
    while (i < header.length && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  const token = (): string | undefined => {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(header);
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const quoted = (): string => {
    let v = '';
    for (i++; i < header.length && header[i] !== '"'; i++) v += header[i] === '\\' ? header[++i] : header[i];
    i++;
    return v;
  };
  while (i < header.length) {
    skip();
    if (header[i] === ',') {
      i++;
      continue;
    }
    const scheme = token();
    if (!scheme) break;
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(challenge);
    // auth-params: name=value pairs until the next scheme (a token not followed by "=").
    for (;;) {
      skip();
      const at = i;
      const name = token();
      skip();
      if (name === undefined || header[i] !== '=') {
        i = at;
        break;
      }
      i++;
      skip();
      challenge.params[name.toLowerCase()] = header[i] === '"' ? quoted() : (token() ?? '');
      skip();
      if (header[i] === ',') i++;
    }
  }
  return out;
}
