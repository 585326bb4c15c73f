// wasm-tools's command line as clap reads it: values, bundled short flags, `--`, and clap's
// messages with exit status 2 for a bad command line.
import { describe, expect, it } from 'vitest';
import { readCommandLine, WASM_TOOLS_VERSION } from '../../../../src/core/userland/wasm-tools/index.ts';

function run(line: string): { command: string; positionals: string[]; options: object; flags: string[] } {
  const inv = readCommandLine(line === '' ? [] : line.split(' '));
  if (inv.kind !== 'run') throw new Error(`readCommandLine(${line}) = exit ${inv.status}: ${inv.stderr ?? inv.stdout}`);
  return {
    command: inv.command,
    positionals: inv.positionals,
    options: Object.fromEntries(inv.options),
    flags: [...inv.flags].sort(),
  };
}

function exit(line: string): { status: number; stdout?: string; stderr?: string } {
  const inv = readCommandLine(line === '' ? [] : line.split(' '));
  if (inv.kind !== 'exit') throw new Error(`readCommandLine(${line}) = run ${inv.command}, want an exit`);
  return { status: inv.status, stdout: inv.stdout, stderr: inv.stderr };
}

describe('readCommandLine', () => {
  it('reads values as clap does: -o FILE, -oFILE, --output=FILE, bundled flags, --', () => {
    expect(run('parse a.wat -o a.wasm'), 'parse a.wat -o a.wasm').toEqual({
      command: 'parse',
      positionals: ['a.wat'],
      options: { output: ['a.wasm'] },
      flags: [],
    });
    expect(run('parse -oa.wasm').options, 'parse -oa.wasm').toEqual({ output: ['a.wasm'] });
    expect(run('print --output=x.wat in.wasm').options, 'print --output=x.wat').toEqual({ output: ['x.wat'] });
    expect(run('parse -to out.wat in.wat'), 'parse -to out.wat in.wat').toEqual({
      command: 'parse',
      positionals: ['in.wat'],
      options: { output: ['out.wat'] },
      flags: ['wat'],
    });
    expect(run('parse -- -weird.wat').positionals, 'parse -- -weird.wat').toEqual(['-weird.wat']);
    expect(run('validate -').positionals, 'validate -').toEqual(['-']);
    expect(run('wat2wasm x.wat').command, 'wat2wasm alias').toBe('parse');
    expect(run('wasm2wat x.wasm').command, 'wasm2wat alias').toBe('print');
  });

  it('component new takes --adapt more than once; embed needs WIT, takes --world/-w and --dummy', () => {
    expect(run('component new app.wasm --adapt a.wasm --adapt wasi_snapshot_preview1=b.wasm -o out.wasm')).toEqual({
      command: 'component new',
      positionals: ['app.wasm'],
      options: { adapt: ['a.wasm', 'wasi_snapshot_preview1=b.wasm'], output: ['out.wasm'] },
      flags: [],
    });
    expect(run('component embed wit core.wasm -w handler -o e.wasm')).toEqual({
      command: 'component embed',
      positionals: ['wit', 'core.wasm'],
      options: { world: ['handler'], output: ['e.wasm'] },
      flags: [],
    });
    expect(run('component embed --dummy -t wit').flags, 'component embed --dummy -t wit').toEqual(['dummy', 'wat']);
  });

  it('prints help on stdout and the version, exit 0', () => {
    expect(exit('--version'), '--version').toEqual({ status: 0, stdout: `wasm-tools ${WASM_TOOLS_VERSION}\n` });
    const help = exit('--help');
    expect(help.status, '--help status').toBe(0);
    expect(help.stdout, '--help').toMatch(
      /^Usage: wasm-tools <COMMAND>\n\nCommands:\n {2}parse {6}Parse the WebAssembly/,
    );
    const embed = exit('component embed --help');
    expect(embed.stdout, 'component embed --help').toMatch(
      /Usage: wasm-tools component embed \[OPTIONS\] <WIT> \[INPUT\][\s\S]*-w, --world <WORLD>/,
    );
  });

  it('says what clap says for a bad command line, exit 2', () => {
    const cases: Array<[string, string]> = [
      [
        'parse --frobnicate x.wat',
        "error: unexpected argument '--frobnicate' found\n\n  tip: to pass '--frobnicate' as a value, use '-- --frobnicate'\n\nUsage: wasm-tools parse [OPTIONS] [INPUT]\n\nFor more information, try '--help'.\n",
      ],
      [
        'parse a.wat b.wat',
        "error: unexpected argument 'b.wat' found\n\nUsage: wasm-tools parse [OPTIONS] [INPUT]\n\nFor more information, try '--help'.\n",
      ],
      [
        'parse a.wat -o',
        "error: a value is required for '--output <OUTPUT>' but none was supplied\n\nFor more information, try '--help'.\n",
      ],
      [
        'parse -o a -o b',
        "error: the argument '--output <OUTPUT>' cannot be used multiple times\n\nUsage: wasm-tools parse [OPTIONS] [INPUT]\n\nFor more information, try '--help'.\n",
      ],
      [
        'component embed',
        "error: the following required arguments were not provided:\n  <WIT>\n\nUsage: wasm-tools component embed [OPTIONS] <WIT> [INPUT]\n\nFor more information, try '--help'.\n",
      ],
      [
        'frob',
        "error: unrecognized subcommand 'frob'\n\nUsage: wasm-tools <COMMAND>\n\nFor more information, try '--help'.\n",
      ],
      [
        '',
        "error: 'wasm-tools' requires a subcommand but one was not provided\n  [subcommands: parse, validate, print, component, help]\n\nUsage: wasm-tools <COMMAND>\n\nFor more information, try '--help'.\n",
      ],
      [
        'print --color purple x.wasm',
        "error: invalid value 'purple' for '--color <COLOR>': unrecognized color choice 'purple': valid choices are: always, always-ansi, never, auto\n\nFor more information, try '--help'.\n",
      ],
    ];
    for (const [line, want] of cases) {
      expect(exit(line), `readCommandLine(${line})`).toEqual({ status: 2, stdout: undefined, stderr: want });
    }
  });

  it('refuses by name what the real tool has and this build cannot do', () => {
    const e = exit('validate --features all x.wasm');
    expect(e.status, 'status').toBe(2);
    expect(e.stderr, 'validate --features').toMatch(/^error: '--features' of 'wasm-tools validate' is not available/);
    expect(exit('dump x.wasm').stderr, 'dump').toMatch(
      /^error: 'wasm-tools dump' is not available in Wharf's wasm-tools/,
    );
    expect(exit('component link a.wasm').stderr, 'component link').toMatch(
      /'wasm-tools component link' is not available/,
    );
  });
});
