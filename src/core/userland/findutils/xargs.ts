// xargs: builds command lines from its input (blank-separated words with xargs' quoting, -0,
// -d, -I, -L) and runs them through the process model, one at a time.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { binToArg, bytesToBin, FsError, opt, options, program, readAll, strerror, UsageError } from '../lib/index.ts';

/** xargs' own word splitting: blanks separate, quotes and backslashes protect. */
function xargsWords(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let q: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === q) q = null;
      else if (ch === '\n')
        throw new UsageError(
          `unmatched ${q === '"' ? 'double' : 'single'} quote; by default quotes are special to xargs unless you use the -0 option`,
        );
      else cur += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      q = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur !== '') out.push(cur);
      cur = '';
      has = false;
    } else cur += ch;
  }
  if (q)
    throw new UsageError(
      `unmatched ${q === '"' ? 'double' : 'single'} quote; by default quotes are special to xargs unless you use the -0 option`,
    );
  if (has || cur !== '') out.push(cur);
  return out;
}

const XARGS = options(
  {
    null: opt.flag('0', 'null'),
    delimiter: opt.arg('d', 'delimiter'),
    maxArgs: opt.arg('n', 'max-args'),
    maxLines: opt.arg('L', 'max-lines'),
    replace: opt.arg('I', 'replace'),
    replaceBraces: opt.flag('i'),
    argFile: opt.arg('a', 'arg-file'),
    noRunIfEmpty: opt.flag('r', 'no-run-if-empty'),
    verbose: opt.flag('t', 'verbose'),
    interactive: opt.flag('p'),
    exit: opt.flag('x', 'exit'),
    maxChars: opt.arg('s', 'max-chars'),
    maxProcs: opt.arg('P', 'max-procs'),
    eof: opt.arg('E', 'eof'),
    eofDefault: opt.flag('e'),
  },
  { stopAtOperand: true },
);

const xargs = program(async (c) => {
  const { opts: o, operands } = XARGS.parse(c.args);
  const file = o.argFile;
  let text: string;
  try {
    text = binToArg(bytesToBin(file === undefined ? readAll(c.stdin) : c.fs.readFile(file)));
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    c.warn(`${file}: ${strerror(e.errno)}`);
    return 1;
  }
  const replace = o.replace ?? (o.replaceBraces ? '{}' : undefined);
  const delim = o.delimiter;
  let items: string[];
  if (o.null) items = text.split('\0').filter((x, i, a) => i < a.length - 1 || x !== '');
  else if (delim !== undefined) {
    const d = delim === '\\n' ? '\n' : delim === '\\t' ? '\t' : delim;
    items = text.split(d);
    if (items[items.length - 1] === '' || items[items.length - 1] === '\n') items.pop();
  } else if (replace !== undefined)
    items = text
      .split('\n')
      .map((l) => l.replace(/^\s+/, ''))
      .filter((l) => l !== '');
  else if (o.maxLines !== undefined) items = text.split('\n').filter((l) => l.trim() !== '');
  else items = xargsWords(text);
  const eof = o.eof;
  if (eof !== undefined) {
    const at = items.indexOf(eof);
    if (at >= 0) items = items.slice(0, at);
  }
  const command = operands.length > 0 ? operands : ['echo'];
  const groups: string[][] = [];
  if (replace !== undefined) {
    for (const item of items) groups.push(command.map((a) => a.replaceAll(replace, item)));
  } else {
    const lines = o.maxLines;
    const n = lines !== undefined ? Number(lines) : o.maxArgs !== undefined ? Number(o.maxArgs) : Infinity;
    if (!(n >= 1))
      throw new UsageError(`invalid number "${lines ?? o.maxArgs}" for -${lines !== undefined ? 'L' : 'n'} option`);
    const each = lines !== undefined ? items.map((l) => xargsWords(l)) : items.map((x) => [x]);
    for (let i = 0; i < each.length; i += n === Infinity ? each.length : n) {
      groups.push([...command, ...each.slice(i, i + (n === Infinity ? each.length : n)).flat()]);
    }
    if (groups.length === 0 && !o.noRunIfEmpty) groups.push([...command]);
  }
  let status = 0;
  for (const argv of groups) {
    if (o.verbose) c.err.text(`${argv.join(' ')}\n`);
    const code = await c.processes.spawn({ ...c.spec, argv });
    if (code === 255) {
      c.warn(`${argv[0]}: exited with status 255; aborting`);
      return 124;
    }
    if (code === 126 || code === 127) return code;
    if (code !== 0) status = 123;
  }
  return status;
});

export const xargsPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['xargs', xargs]];
