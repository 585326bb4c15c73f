// paste: the lines of files side by side (or, with -s, each file's lines on one line), joined
// by the -d list of delimiters taken in turn, with GNU's escapes in that list.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { argToBin, bytesToBin, Failure, FsError, opt, options, program, readAll, strerror } from '../lib/index.ts';

const PASTE = options({
  delimiters: opt.arg('d', 'delimiters'),
  serial: opt.flag('s', 'serial'),
  zero: opt.flag('z', 'zero-terminated'),
});

/** The -d list with its escapes undone; null stands for \0, "no delimiter". */
function delimiterList(spec: string): Array<string | null> {
  if (spec === '') return [null];
  const out: Array<string | null> = [];
  const escapes: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i]!;
    if (ch !== '\\') {
      out.push(ch);
      continue;
    }
    const next = spec[++i];
    if (next === undefined) throw new Failure(`delimiter list ends with an unescaped backslash: ${spec}`);
    out.push(next === '0' ? null : (escapes[next] ?? next));
  }
  return out;
}

const paste = program((c) => {
  const { opts: o, operands } = PASTE.parse(c.args);
  const delims = delimiterList(argToBin(o.delimiters ?? '\t'));
  const eol = o.zero ? '\0' : '\n';
  const files = operands.length === 0 ? ['-'] : operands;
  // Every "-" reads the one stdin: its lines go to each in turn.
  let stdin: { lines: string[]; at: number } | undefined;
  const sources: Array<{ lines: string[]; at: number }> = [];
  for (const f of files) {
    if (f === '-') {
      stdin ??= { lines: lines(bytesToBin(readAll(c.stdin)), eol), at: 0 };
      sources.push(stdin);
      continue;
    }
    try {
      sources.push({ lines: lines(bytesToBin(c.fs.readFile(f)), eol), at: 0 });
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      throw new Failure(`${f}: ${strerror(e.errno)}`);
    }
  }
  let out = '';
  if (o.serial) {
    for (const s of sources) {
      let d = 0;
      const rest = s.lines.slice(s.at);
      s.at = s.lines.length;
      rest.forEach((line, i) => {
        out += line;
        if (i === rest.length - 1) return;
        out += delims[d] ?? '';
        d = (d + 1) % delims.length;
      });
      out += eol;
    }
  } else {
    // GNU's paste_parallel: a file that has ended adds its delimiter only if something follows.
    const open = sources.map(() => true);
    let openCount = sources.length;
    while (openCount > 0) {
      let d = 0;
      let saved = '';
      sources.forEach((s, i) => {
        const last = i === sources.length - 1;
        if (openCount === 0) return;
        const line = open[i] && s.at < s.lines.length ? s.lines[s.at++] : undefined;
        if (line === undefined) {
          if (open[i]) {
            open[i] = false;
            openCount--;
          }
          if (!last) {
            saved += delims[d] ?? '';
            d = (d + 1) % delims.length;
          } else if (openCount > 0) out += saved + eol;
          return;
        }
        out += saved + line;
        saved = '';
        if (last) out += eol;
        else {
          out += delims[d] ?? '';
          d = (d + 1) % delims.length;
        }
      });
    }
  }
  c.out.bin(out);
  return 0;
});

function lines(data: string, eol: string): string[] {
  const list = data.split(eol);
  if (list[list.length - 1] === '') list.pop();
  return list;
}

export const pastePrograms: ReadonlyArray<[string, BuiltinProgram]> = [['paste', paste]];
