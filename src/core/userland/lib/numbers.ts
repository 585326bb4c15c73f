// Integers as C writes its constants (strtoimax with base 0): decimal, 0x hex, 0 octal, with a
// sign and blanks around. The shell's arithmetic, test(1), getopts and printf(1) read them so.

/** The value of an integer constant, of any size; null when `s` is not one. */
export function parseCInteger(s: string): bigint | null {
  const m = /^\s*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\s*$/.exec(s);
  if (!m) return null;
  const body = m[2]!;
  let v: bigint;
  if (/^0[xX]/.test(body)) v = BigInt(body);
  else if (body.length > 1 && body.startsWith('0')) v = BigInt(`0o${body.slice(1)}`);
  else v = BigInt(body);
  return m[1] === '-' ? -v : v;
}

/** An integer constant wrapped to a signed 64-bit value, as sh and test keep integers. */
export function parseInteger(s: string): bigint | null {
  const v = parseCInteger(s);
  return v === null ? null : BigInt.asIntN(64, v);
}
