// awk, the pattern scanning and processing language, as POSIX specifies it:
// https://pubs.opengroup.org/onlinepubs/9799919799/utilities/awk.html
// Options -F -v -f --, messages and exit statuses as mawk (Debian's awk) has them.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  binToArg,
  bytesToBin,
  type Ctx,
  envEntries,
  FsError,
  program,
  readAll,
  strerror,
} from '../lib/index.ts';
import { Compiler } from './compile.ts';
import { EXIT, Jump, NEXT, NEXTFILE, type Rule } from './statements.ts';
import { AwkSyntaxError } from './lexer.ts';
import { parse } from './parser.ts';
import { ARGC, FILENAME, FNR, FS, NR, Runtime, unescapeValue } from './runtime.ts';
import { AwkError, StrNum } from './value.ts';

interface Options {
  version: boolean;
  fs?: string;
  assigns: string[];
  progFiles: string[];
  rest: string[];
}

function usage(c: Ctx): number {
  c.err.text(`usage: ${c.name} [-F value] [-v var=value] [--] 'program text' [file ...]\n`);
  c.err.text(`usage: ${c.name} [-F value] [-v var=value] [-f program-file] [--] [file ...]\n`);
  return 2;
}

/**
 * -F fs, -v var=val and -f file, attached or separate; stops at "--" or the first operand.
 * mawk's -W options (-W interactive...) are taken and ignored, but -W version and --version.
 */
function options(args: string[]): Options | string {
  const o: Options = { version: false, assigns: [], progFiles: [], rest: [] };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a[0] !== '-' || a === '-') break;
    if (a === '--version') {
      o.version = true;
      continue;
    }
    const letter = a[1]!;
    if (!'Fvf'.includes(letter) && letter !== 'W') return `not an option: ${a}`;
    const value = a.length > 2 ? a.slice(2) : args[++i];
    if (value === undefined) return `option requires an argument -- ${letter}`;
    if (letter === 'F') o.fs = value;
    else if (letter === 'v') o.assigns.push(value);
    else if (letter === 'f') o.progFiles.push(value);
    else if (/^v(ersion)?$/.test(value)) o.version = true;
  }
  o.rest = args.slice(i);
  return o;
}

async function runRules(rules: Rule[]): Promise<number> {
  for (const rule of rules) {
    let code: number;
    try {
      code = rule.async ? await rule.run() : (rule.run() as number);
    } catch (e) {
      if (!(e instanceof Jump)) throw e;
      code = e.code;
    }
    if (code === EXIT || code === NEXT || code === NEXTFILE) return code;
  }
  return 0;
}

const awk = program(async (c) => {
  const o = options(c.args);
  if (typeof o === 'string') {
    c.warn(o);
    return 2;
  }
  if (o.version) {
    c.out.text(`${c.name}: the POSIX awk built into Wharf's shell\n`);
    return 0;
  }
  let text: string;
  let where = '';
  if (o.progFiles.length > 0) {
    const parts: string[] = [];
    for (const f of o.progFiles) {
      try {
        parts.push(bytesToBin(f === '-' ? readAll(c.stdin) : c.fs.readFile(f)));
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        c.warn(`couldn't open file ${f} (${strerror(e.errno)})`);
        return 2;
      }
    }
    text = parts.join('\n');
    if (o.progFiles.length === 1) where = `${o.progFiles[0]}: `;
  } else {
    if (o.rest.length === 0) return usage(c);
    text = argToBin(o.rest.shift()!);
  }

  const rt = new Runtime(c);
  let compiled;
  let compiler: Compiler;
  try {
    compiler = new Compiler(rt, parse(text));
    compiled = compiler.compile(Math.floor(Number(c.fs.now() / 1_000_000_000n)));
  } catch (e) {
    if (e instanceof AwkSyntaxError) {
      c.warn(`${where}line ${e.line}: ${e.message}`);
      return 2;
    }
    if (e instanceof AwkError) {
      c.warn(e.message);
      return 2;
    }
    throw e;
  }

  for (const [name, value] of envEntries(c.spec.env)) rt.ENVIRON.set(argToBin(name), new StrNum(argToBin(value)));
  rt.ARGV.set('0', c.name);
  o.rest.forEach((a, i) => rt.ARGV.set(String(i + 1), new StrNum(argToBin(a))));
  rt.vars[ARGC] = o.rest.length + 1;

  try {
    if (o.fs !== undefined) rt.vars[FS] = o.fs === 't' ? '\t' : unescapeValue(argToBin(o.fs));
    for (const a of o.assigns) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(a);
      if (!m) {
        c.warn(`improper assignment: -v ${a}`);
        return 2;
      }
      rt.assign(m[1]!, new StrNum(unescapeValue(argToBin(m[2]!))));
    }
    let code = await runRules(compiled.begin);
    if (code !== EXIT && (compiled.main.length > 0 || compiled.end.length > 0)) {
      records: for (let r = rt.nextMain(); r !== null; r = rt.nextMain()) {
        rt.setRecord(r);
        for (const rule of compiled.main) {
          try {
            code = rule.async ? await rule.run() : (rule.run() as number);
          } catch (e) {
            if (!(e instanceof Jump)) throw e;
            code = e.code;
          }
          if (code === NEXT) break;
          if (code === NEXTFILE) {
            rt.nextFile();
            break;
          }
          if (code === EXIT) break records;
        }
      }
    }
    await runRules(compiled.end);
    await rt.closeAll();
    return compiler.exitCode;
  } catch (e) {
    // Deep recursion in the program runs out of JavaScript's stack: a limit, as mawk has one.
    if (e instanceof RangeError && /call stack/i.test(e.message)) e = new AwkError('function call nesting too deep');
    if (!(e instanceof AwkError)) throw e;
    rt.flushAll();
    if (e.plain) c.warn(e.message);
    else {
      const where = `FILENAME="${binToArg(rt.str(FILENAME))}" FNR=${rt.str(FNR)} NR=${rt.str(NR)}`;
      c.warn(`run time error: ${e.message}\n\t${where}`);
    }
    return 2;
  }
});

export const awkPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ['awk', awk],
  ['mawk', awk],
  ['nawk', awk],
];
