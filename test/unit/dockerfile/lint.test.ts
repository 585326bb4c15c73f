// BuildKit's build checks as parseDockerfile reports them: which rule fires on which line, the
// message texts, and the `# check=` directive.
import { describe, expect, it } from 'vitest';
import { diagnosticsError, formatDiagnostic, parseDockerfile } from '../../../src/core/dockerfile/index.ts';

/** "line Rule" for every lint finding. */
function findings(src: string): string[] {
  return parseDockerfile(src)
    .diagnostics.filter((d) => d.rule)
    .map((d) => `${d.line} ${d.rule}`);
}

const cases: [string, string, string[]][] = [
  ['clean hello-world Dockerfile', 'FROM scratch\nCOPY hello.wasm /hello.wasm\nENTRYPOINT ["/hello.wasm"]\n', []],
  ['shell-form ENTRYPOINT', 'FROM scratch\nENTRYPOINT /app.wasm\n', ['2 JSONArgsRecommended']],
  ['shell-form CMD', 'FROM scratch\nCMD /app.wasm run\n', ['2 JSONArgsRecommended']],
  [
    'WORKDIR under a .wasm ENTRYPOINT in the final stage',
    'FROM scratch\nWORKDIR /app\nCOPY a.wasm .\nENTRYPOINT ["/app/a.wasm"]\n',
    ['2 WorkdirIgnoredByWasmShims'],
  ],
  ['WORKDIR in a build stage only', 'FROM wasi-sdk AS b\nWORKDIR /src\nFROM scratch\nENTRYPOINT ["/a.wasm"]\n', []],
  [
    'WORKDIR under an interpreter ENTRYPOINT',
    'FROM python-wasi\nWORKDIR /app\nENTRYPOINT ["python", "/app/a.py"]\n',
    [],
  ],
  ['no JSONArgsRecommended after SHELL', 'FROM scratch\nSHELL ["/bin/sh", "-c"]\nCMD run\n', []],
  ['MAINTAINER deprecated', 'FROM scratch\nMAINTAINER me\n', ['2 MaintainerDeprecated']],
  ['stage name casing', 'FROM scratch AS Build\n', ['1 StageNameCasing']],
  ['FROM/AS casing', 'FROM scratch as build\n', ['1 FromAsCasing']],
  ['from/AS casing', 'from scratch AS build\n', ['1 FromAsCasing']],
  ['FROM/As casing', 'FROM scratch As build\n', ['1 FromAsCasing']],
  ['mixed-case From is not FromAsCasing', 'From scratch as build\n', ['1 ConsistentInstructionCasing']],
  ['matching FROM AS casing', 'from scratch as build\nFROM scratch AS b2\n', ['1 ConsistentInstructionCasing']],
  [
    'reserved stage name',
    'FROM scratch AS scratch\nFROM scratch AS context\n',
    ['1 ReservedStageName', '2 ReservedStageName'],
  ],
  [
    'several CMDs in a stage',
    'FROM scratch\nCMD ["a"]\nCMD ["b"]\nCMD ["c"]\n',
    ['2 MultipleInstructionsDisallowed', '3 MultipleInstructionsDisallowed'],
  ],
  [
    'several ENTRYPOINTs and HEALTHCHECKs',
    'FROM scratch\nENTRYPOINT ["a"]\nHEALTHCHECK NONE\nENTRYPOINT ["b"]\nHEALTHCHECK NONE\n',
    ['2 MultipleInstructionsDisallowed', '3 MultipleInstructionsDisallowed'],
  ],
  ['one CMD per stage is fine', 'FROM scratch AS a\nCMD ["a"]\nFROM scratch\nCMD ["b"]\n', []],
  ['equal counts: uppercase wins', 'FROM scratch\ncopy a /b\n', ['2 ConsistentInstructionCasing']],
  ['majority casing', 'FROM scratch\nCOPY a /b\nworkdir /w\n', ['3 ConsistentInstructionCasing']],
  ['mixed-case keyword', 'from scratch\nCopy a /b\ncopy c /d\n', ['2 ConsistentInstructionCasing']],
  ['relative WORKDIR', 'FROM scratch\nWORKDIR app\n', ['2 WorkdirRelativePath']],
  ['relative WORKDIR after an absolute one', 'FROM scratch\nWORKDIR /app\nWORKDIR sub\n', []],
  ['empty continuation line', 'FROM scratch\nCOPY a \\\n\n  /b\n', ['3 NoEmptyContinuation']],
  ['undefined ARG in FROM', 'FROM ${IMAGE}\n', ['1 UndefinedArgInFrom']],
  ['declared ARG in FROM', 'ARG IMAGE=scratch\nFROM ${IMAGE}\n', []],
  ['platform ARGs need no declaration', 'FROM --platform=$BUILDPLATFORM scratch\n', []],
  ['global ARG without default in FROM', 'ARG IMAGE\nFROM $IMAGE\n', ['2 InvalidDefaultArgInFrom']],
  ['redundant TARGETPLATFORM', 'FROM --platform=$TARGETPLATFORM scratch\n', ['1 RedundantTargetPlatform']],
  ['constant platform', 'FROM --platform=linux/amd64 scratch\n', ['1 FromPlatformFlagConstDisallowed']],
  ['constant platform named for it', 'FROM --platform=wasi/wasm scratch AS wasm-build\n', []],
  [
    'secret-looking ARG and ENV',
    'ARG GITHUB_TOKEN\nFROM scratch\nENV DB_PASSWORD=x\nARG PUBLIC_KEY\nARG KEYBOARD\n',
    ['1 SecretsUsedInArgOrEnv', '3 SecretsUsedInArgOrEnv'],
  ],
  ['legacy ENV and LABEL', 'FROM scratch\nENV A 1\nLABEL b 2\n', ['2 LegacyKeyValueFormat', '3 LegacyKeyValueFormat']],
  [
    'EXPOSE host mapping and protocol casing',
    'FROM scratch\nEXPOSE 80:80 53/UDP\n',
    ['2 ExposeInvalidFormat', '2 ExposeProtoCasing'],
  ],
  ['undefined variable in a scratch stage', 'FROM scratch\nCOPY app.wasm $DEST\n', ['2 UndefinedVar']],
  ['defined by ARG, ENV, default or PATH', 'FROM scratch\nARG A\nENV B=1\nCOPY $A $B ${C:-x} $PATH /d\n', []],
  ['global ARG must be redeclared in the stage', 'ARG V=1\nFROM scratch\nWORKDIR /$V\n', ['3 UndefinedVar']],
  ['ENV carries into a child stage', 'FROM scratch AS base\nENV DIR=/app\nFROM base\nWORKDIR $DIR\n', []],
  [
    'undefined variable in a COPY heredoc body',
    'FROM scratch\nARG NAME\nCOPY <<EOF /cfg\nname=$NAME home=$HOME\nEOF\n',
    ['3 UndefinedVar'],
  ],
  ['quoted heredoc bodies are not expanded', "FROM scratch\nCOPY <<'EOF' /cfg\nhome=$HOME\nEOF\n", []],
  ['unknown base image: no UndefinedVar', 'FROM alpine\nWORKDIR $HOME\n', []],
  ['duplicate stage name is an error', 'FROM scratch AS a\nFROM scratch AS a\n', ['2 DuplicateStageName']],
];

describe('build checks', () => {
  it.each(cases)('%s', (_name, src, want) => {
    expect(findings(src), `findings(${JSON.stringify(src)})`).toEqual(want);
  });

  it('words JSONArgsRecommended for wasm images', () => {
    const d = parseDockerfile('FROM scratch\nENTRYPOINT /app.wasm\n').diagnostics[0]!;
    expect(formatDiagnostic(d)).toBe(
      'Dockerfile:2: warning: JSONArgsRecommended: JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals; a wasm image has no /bin/sh to run the shell form, so use the JSON form, e.g. ENTRYPOINT ["/app.wasm"]',
    );
    expect(d.url).toBe('https://docs.docker.com/go/dockerfile/rule/json-args-recommended/');
  });

  it('words WorkdirIgnoredByWasmShims, with no Docker page to link', () => {
    const d = parseDockerfile('FROM scratch\nWORKDIR /app\nENTRYPOINT ["/app/a.wasm"]\n').diagnostics[0]!;
    expect(formatDiagnostic(d)).toBe(
      'Dockerfile:2: warning: WorkdirIgnoredByWasmShims: runwasi\'s Wasm shims start /app/a.wasm at "/" and ignore WORKDIR; use absolute paths in the module, or -w in Run options to try it standing in WORKDIR',
    );
    expect(d.url, 'url').toBeUndefined();
  });

  it('suggests a declared name for an undefined one', () => {
    const msgs = parseDockerfile(
      'ARG IMAGE=scratch\nFROM $IMAGES\nFROM scratch\nARG DEST\nCOPY a $DSET\n',
    ).diagnostics.map((d) => d.message);
    expect(msgs).toEqual([
      "FROM argument 'IMAGES' is not declared (did you mean IMAGE?)",
      "Usage of undefined variable '$DSET' (did you mean $DEST?)",
    ]);
  });

  it('honours # check=skip=', () => {
    const src =
      '# check=skip=JSONArgsRecommended,MaintainerDeprecated\nFROM scratch\nMAINTAINER me\nCMD run\nWORKDIR w\n';
    expect(findings(src), 'findings with skip').toEqual(['5 WorkdirRelativePath']);
  });

  it('honours # check=skip=all', () => {
    expect(findings('# check=skip=all\nFROM scratch\nMAINTAINER me\n'), 'findings with skip=all').toEqual([]);
  });

  it('skipping never hides errors', () => {
    expect(findings('# check=skip=DuplicateStageName\nFROM scratch AS a\nFROM scratch AS a\n')).toEqual([
      '3 DuplicateStageName',
    ]);
  });

  it('# check=error=true makes findings errors', () => {
    const r = parseDockerfile('# check=error=true\nFROM scratch\nCMD run\n');
    expect([r.ok, r.diagnostics.map((d) => d.severity)], '[ok, severities]').toEqual([false, ['error']]);
    expect(formatDiagnostic(r.diagnostics[0]!)).toMatch(/^Dockerfile:3: error: JSONArgsRecommended: /);
  });
});

describe('diagnostics as errors', () => {
  it('turns the errors into one WharfError with the location in front', () => {
    const r = parseDockerfile('FROM scratch\nFORM x\nCOPY a\n');
    const e = diagnosticsError(r.diagnostics);
    expect(e?.code).toBe('DOCKERFILE_SYNTAX');
    expect(e?.message).toBe(
      'Dockerfile:2: unknown instruction: FORM (did you mean FROM?)\n' +
        'Dockerfile:3: COPY requires at least two arguments, but only one was provided. Destination could not be determined',
    );
    expect([e?.line, e?.col]).toEqual([2, 1]);
  });

  it('is undefined when there is no error', () => {
    expect(diagnosticsError(parseDockerfile('FROM scratch\nMAINTAINER me\n').diagnostics)).toBeUndefined();
  });
});
