// wasm-tools's command line as clap (its argument parser) reads it: subcommands, `-o FILE`,
// `--output=FILE`, `-to FILE` (short flags bundled), `--` and one positional per slot; clap's
// messages and exit status 2 for a bad command line, its help on stdout with status 0.
// The options this build cannot honour (the library it drives has no switch for them) are
// refused by name rather than ignored. https://github.com/bytecodealliance/wasm-tools
export const WASM_TOOLS_VERSION = '1.259.0';

interface OptionSpec {
  long: string;
  short?: string;
  /** The value's name (`OUTPUT`): the option takes a value. */
  value?: string;
  /** May be given more than once (`--adapt`). */
  multiple?: boolean;
  help: string;
}

interface CommandSpec {
  /** `parse`, `component new` ... */
  name: string;
  about: string;
  positionals: Array<{ name: string; required: boolean; help: string }>;
  options: OptionSpec[];
  /** Options of the real command that this build does not carry. */
  unsupported: string[];
}

const INPUT = {
  name: 'INPUT',
  required: false,
  help: 'Input file to process. If not provided or if this is `-` then stdin is read entirely and processed',
};
const OUTPUT: OptionSpec = { long: 'output', short: 'o', value: 'OUTPUT', help: 'Where to place output' };
const GENERAL: OptionSpec[] = [
  { long: 'verbose', short: 'v', multiple: true, help: 'Use verbose output (-v info, -vv debug, -vvv trace)' },
  {
    long: 'color',
    value: 'COLOR',
    help: 'Configuration over whether terminal colors are used in output [default: auto]',
  },
];
const DWARF = ['generate-dwarf', 'g'];

const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'parse',
    about: 'Parse the WebAssembly text format',
    positionals: [INPUT],
    options: [
      OUTPUT,
      { long: 'wat', short: 't', help: 'Output the text format of WebAssembly instead of the binary format' },
      ...GENERAL,
    ],
    unsupported: DWARF,
  },
  {
    name: 'validate',
    about: 'Validate a WebAssembly binary',
    positionals: [INPUT],
    options: GENERAL,
    unsupported: ['features', 'f', ...DWARF],
  },
  {
    name: 'print',
    about: 'Print the textual form of a WebAssembly binary',
    positionals: [INPUT],
    options: [OUTPUT, ...GENERAL],
    unsupported: [
      'print-offsets',
      'p',
      'skeleton',
      'name-unnamed',
      'fold-instructions',
      'f',
      'print-operand-stack',
      'indent-text',
      'indent',
      ...DWARF,
    ],
  },
  {
    name: 'component new',
    about: 'WebAssembly component encoder from an input core wasm binary',
    positionals: [INPUT],
    options: [
      OUTPUT,
      {
        long: 'adapt',
        value: '[NAME=]MODULE',
        multiple: true,
        help: 'The path to an adapter module to satisfy imports not otherwise bound to WIT interfaces',
      },
      { long: 'wat', short: 't', help: 'Print the output in the WebAssembly text format instead of binary' },
      ...GENERAL,
    ],
    unsupported: [
      'import-name',
      'skip-validation',
      'validate',
      'realloc-via-memory-grow',
      'merge-imports-based-on-semver',
      'reject-legacy-names',
      'debug-names',
      'return-call-ref',
      ...DWARF,
    ],
  },
  {
    name: 'component embed',
    about: 'Embeds metadata for a component inside of a core wasm module',
    positionals: [
      { name: 'WIT', required: true, help: 'Path to WIT files to load' },
      { ...INPUT, help: 'Input file to process' },
    ],
    options: [
      OUTPUT,
      {
        long: 'encoding',
        value: 'ENCODING',
        help: 'The expected string encoding format for the component (utf8, utf16, compact-utf16)',
      },
      { long: 'world', short: 'w', value: 'WORLD', help: 'The world that the component uses' },
      {
        long: 'dummy',
        help: 'Don\'t read a core wasm module as input, instead generating a "dummy" module as a placeholder',
      },
      { long: 'wat', short: 't', help: 'Print the output in the WebAssembly text format instead of binary' },
      ...GENERAL,
    ],
    unsupported: [
      'features',
      'all-features',
      'dummy-names',
      'async-callback',
      'async-stackful',
      'only-custom',
      ...DWARF,
    ],
  },
  {
    name: 'component wit',
    about: 'Tool for working with the WIT text format for components',
    positionals: [{ ...INPUT, help: 'Input component to print the WIT of (`-` or none: stdin)' }],
    options: [OUTPUT, ...GENERAL],
    unsupported: [
      'wasm',
      'w',
      'wat',
      't',
      'no-docs',
      'out-dir',
      'skip-validation',
      'json',
      'j',
      'importize',
      'importize-out-world-name',
      'importize-world',
      'exportize',
      'exportize-out-world-name',
      'exportize-import',
      'exportize-world',
      'merge-world-imports-based-on-semver',
      'generate-nominal-type-ids',
      'features',
      'all-features',
    ],
  },
];

/** The real tool's subcommands this build does not carry. */
const ABSENT = [
  'smith',
  'shrink',
  'mutate',
  'dump',
  'objdump',
  'strip',
  'compose',
  'demangle',
  'metadata',
  'wit-smith',
  'wit-dylib',
  'addr2line',
  'completion',
  'json-from-wast',
  'wast2json',
  'wast',
];
const ABSENT_COMPONENT = ['targets', 'link', 'semver-check', 'unbundle'];
const ALIASES: Record<string, string> = { wat2wasm: 'parse', wasm2wat: 'print' };

/** A command line read: the command to run with its values, or what to print and exit with. */
export type Invocation =
  | { kind: 'run'; command: string; positionals: string[]; options: Map<string, string[]>; flags: Set<string> }
  | { kind: 'exit'; status: number; stdout?: string; stderr?: string };

const TRY_HELP = "\nFor more information, try '--help'.\n";

/** Reads argv[1..] as wasm-tools's clap definition would. */
export function readCommandLine(args: readonly string[]): Invocation {
  const first = args[0];
  if (first === undefined) return usageError(noSubcommand('wasm-tools', topNames()), 'wasm-tools <COMMAND>');
  if (first === '--help' || first === '-h' || first === 'help') return { kind: 'exit', status: 0, stdout: topHelp() };
  if (first === '--version' || first === '-V') {
    return { kind: 'exit', status: 0, stdout: `wasm-tools ${WASM_TOOLS_VERSION}\n` };
  }
  if (first.startsWith('-')) return unexpected(first, 'wasm-tools <COMMAND>', []);
  let name = ALIASES[first] ?? first;
  let rest = args.slice(1);
  if (name === 'component') {
    const sub = rest[0];
    const subs = ['new', 'wit', 'embed'];
    if (sub === undefined)
      return usageError(noSubcommand('wasm-tools component', subs), 'wasm-tools component <COMMAND>');
    if (sub === '--help' || sub === '-h' || sub === 'help') return { kind: 'exit', status: 0, stdout: componentHelp() };
    if (ABSENT_COMPONENT.includes(sub)) return absent(`component ${sub}`);
    if (!subs.includes(sub)) {
      return sub.startsWith('-')
        ? unexpected(sub, 'wasm-tools component <COMMAND>', [])
        : usageError(`unrecognized subcommand '${sub}'\n`, 'wasm-tools component <COMMAND>');
    }
    name = `component ${sub}`;
    rest = rest.slice(1);
  } else if (ABSENT.includes(name)) {
    return absent(name);
  }
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) return usageError(`unrecognized subcommand '${first}'\n`, 'wasm-tools <COMMAND>');
  return readOptions(spec, rest);
}

function readOptions(spec: CommandSpec, args: readonly string[]): Invocation {
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  const usage = usageLine(spec);
  const set = (o: OptionSpec, value: string | undefined): Invocation | undefined => {
    const shown = display(o);
    if (o.value === undefined) {
      if (flags.has(o.long) && !o.multiple) return cannotRepeat(shown, usage);
      flags.add(o.long);
      return undefined;
    }
    const list = options.get(o.long) ?? [];
    if (list.length > 0 && !o.multiple) return cannotRepeat(shown, usage);
    options.set(o.long, [...list, value!]);
    return undefined;
  };
  let onlyPositionals = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      if (positionals.length >= spec.positionals.length) return unexpected(arg, usage, positionals, true);
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') return { kind: 'exit', status: 0, stdout: commandHelp(spec) };
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const long = arg.slice(2, eq < 0 ? undefined : eq);
      const o = spec.options.find((x) => x.long === long);
      if (!o)
        return spec.unsupported.includes(long) ? notCarried(`--${long}`, spec) : unexpected(arg, usage, positionals);
      let value: string | undefined;
      if (o.value !== undefined) {
        value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
        if (value === undefined) return missingValue(o);
      } else if (eq >= 0) {
        return usageError(
          `unexpected value '${arg.slice(eq + 1)}' for '--${o.long}' found; no more were expected\n`,
          usage,
        );
      }
      const r = set(o, value);
      if (r) return r;
      continue;
    }
    // A cluster of short flags, the last of which may take the rest (or the next word) as its value.
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j]!;
      const o = spec.options.find((x) => x.short === c);
      if (!o) {
        if (spec.unsupported.includes(c)) return notCarried(`-${c}`, spec);
        return unexpected(`-${arg.slice(j)}`.slice(0, 2), usage, positionals);
      }
      let value: string | undefined;
      if (o.value !== undefined) {
        const tail = arg.slice(j + 1).replace(/^=/, '');
        value = tail !== '' ? tail : args[++i];
        if (value === undefined) return missingValue(o);
        j = arg.length;
      }
      const r = set(o, value);
      if (r) return r;
    }
  }
  const missing = spec.positionals.slice(positionals.length).filter((p) => p.required);
  if (missing.length > 0) {
    return usageError(
      `the following required arguments were not provided:\n${missing.map((p) => `  <${p.name}>\n`).join('')}`,
      usage,
    );
  }
  const color = options.get('color')?.[0];
  if (color !== undefined && !['auto', 'never', 'always', 'always-ansi'].includes(color)) {
    return {
      kind: 'exit',
      status: 2,
      stderr: `error: invalid value '${color}' for '--color <COLOR>': unrecognized color choice '${color}': valid choices are: always, always-ansi, never, auto\n${TRY_HELP}`,
    };
  }
  return { kind: 'run', command: spec.name, positionals, options, flags };
}

function display(o: OptionSpec): string {
  return `--${o.long}${o.value ? ` <${o.value}>` : ''}`;
}

function usageLine(spec: CommandSpec): string {
  const pos = spec.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`)).join(' ');
  return `wasm-tools ${spec.name} [OPTIONS]${pos ? ` ${pos}` : ''}`;
}

function usageError(message: string, usage: string): Invocation {
  return { kind: 'exit', status: 2, stderr: `error: ${message}\nUsage: ${usage}\n${TRY_HELP}` };
}

function noSubcommand(command: string, names: string[]): string {
  return `'${command}' requires a subcommand but one was not provided\n  [subcommands: ${names.join(', ')}, help]\n`;
}

function unexpected(arg: string, usage: string, positionals: string[], extraPositional = false): Invocation {
  const tip = extraPositional || !arg.startsWith('-') ? '' : `\n  tip: to pass '${arg}' as a value, use '-- ${arg}'\n`;
  void positionals;
  return usageError(`unexpected argument '${arg}' found\n${tip}`, usage);
}

function cannotRepeat(shown: string, usage: string): Invocation {
  return usageError(`the argument '${shown}' cannot be used multiple times\n`, usage);
}

function missingValue(o: OptionSpec): Invocation {
  return {
    kind: 'exit',
    status: 2,
    stderr: `error: a value is required for '${display(o)}' but none was supplied\n${TRY_HELP}`,
  };
}

/** An option of the real command that this build refuses (it cannot do what it asks). */
function notCarried(option: string, spec: CommandSpec): Invocation {
  return {
    kind: 'exit',
    status: 2,
    stderr: `error: '${option}' of 'wasm-tools ${spec.name}' is not available in Wharf's wasm-tools (it drives wasm-tools's library as jco builds it, which has no such setting)\n`,
  };
}

function absent(name: string): Invocation {
  return {
    kind: 'exit',
    status: 2,
    stderr: `error: 'wasm-tools ${name}' is not available in Wharf's wasm-tools: it has parse, validate, print, component new, component embed and component wit\n`,
  };
}

function topNames(): string[] {
  return ['parse', 'validate', 'print', 'component'];
}

function topHelp(): string {
  return `Usage: wasm-tools <COMMAND>

Commands:
  parse      Parse the WebAssembly text format
  validate   Validate a WebAssembly binary
  print      Print the textual form of a WebAssembly binary
  component  WebAssembly wit-based component tooling
  help       Print this message or the help of the given subcommand(s)

Options:
  -h, --help     Print help
  -V, --version  Print version
`;
}

function componentHelp(): string {
  return `WebAssembly wit-based component tooling

Usage: wasm-tools component <COMMAND>

Commands:
  new    WebAssembly component encoder from an input core wasm binary
  wit    Tool for working with the WIT text format for components
  embed  Embeds metadata for a component inside of a core wasm module
  help   Print this message or the help of the given subcommand(s)

Options:
  -h, --help  Print help
`;
}

function commandHelp(spec: CommandSpec): string {
  const rows: Array<[string, string]> = [
    ...spec.options.map((o): [string, string] => [`${o.short ? `-${o.short}, ` : '    '}${display(o)}`, o.help]),
    ['-h, --help', 'Print help'],
  ];
  const width = Math.max(...rows.map(([l]) => l.length));
  const args = spec.positionals.map((p) => {
    const shown = p.required ? `<${p.name}>` : `[${p.name}]`;
    return [shown, p.help] as const;
  });
  const argWidth = Math.max(0, ...args.map(([l]) => l.length));
  return (
    `${spec.about}\n\nUsage: ${usageLine(spec)}\n\n` +
    (args.length ? `Arguments:\n${args.map(([l, h]) => `  ${l.padEnd(argWidth)}  ${h}\n`).join('')}\n` : '') +
    `Options:\n${rows.map(([l, h]) => `  ${l.padEnd(width)}  ${h}\n`).join('')}`
  );
}
