// The environment as a process gets it (ProcessSpec.env): NAME=VALUE strings, in order.

/** Each NAME=VALUE as [name, value], in order; an entry without "=" or without a name is skipped. */
export function envEntries(env: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const kv of env) {
    const eq = kv.indexOf('=');
    if (eq > 0) out.push([kv.slice(0, eq), kv.slice(eq + 1)]);
  }
  return out;
}

/** The value of `name`: the last entry for it wins, as the runtime's PATH search reads it. */
export function getenv(env: readonly string[], name: string): string | undefined {
  for (let i = env.length - 1; i >= 0; i--) {
    const kv = env[i]!;
    if (kv.startsWith(`${name}=`)) return kv.slice(name.length + 1);
  }
  return undefined;
}
