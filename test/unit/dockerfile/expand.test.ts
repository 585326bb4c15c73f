// expandInstruction: which words BuildKit expands for each instruction, against a lookup the
// builder supplies (the stage's ARG + ENV state before the instruction).
import { describe, expect, it } from 'vitest';
import {
  expandInstruction,
  expandWord,
  parseDockerfile,
  type Instruction,
} from '../../../src/core/dockerfile/index.ts';
import { isWharfError } from '../../../src/core/errors.ts';

const env: Record<string, string> = { DIR: '/app', NAME: 'hello', PORTS: '80 443', U: '1000', V: 'two words' };
const lookup = (n: string): string | undefined => env[n];

function only(src: string): Instruction {
  const r = parseDockerfile(`FROM scratch\n${src}`);
  const i = r.stages[0]?.instructions[0];
  if (!i)
    throw new Error(`no instruction in ${JSON.stringify(src)}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return i;
}

const cases: [string, (i: Instruction) => unknown, unknown][] = [
  ['COPY $NAME.wasm ${DIR}/', (i) => i.kind === 'COPY' && [i.sources, i.dest], [['hello.wasm'], '/app/']],
  [
    'COPY --chown=$U:$U --exclude=$NAME.md a /b',
    (i) => i.kind === 'COPY' && [i.chown, i.exclude],
    ['1000:1000', ['hello.md']],
  ],
  ['COPY --from=$NAME a /b', (i) => i.kind === 'COPY' && i.from, '$NAME'],
  [
    'ADD --checksum=sha256:$NAME https://x/$NAME /d',
    (i) => i.kind === 'ADD' && [i.checksum, i.sources],
    ['sha256:hello', ['https://x/hello']],
  ],
  [
    'ENV A=$NAME "B"="$V" C=\'$V\'',
    (i) => i.kind === 'ENV' && i.pairs,
    [
      { key: 'A', value: 'hello' },
      { key: 'B', value: 'two words' },
      { key: 'C', value: '$V' },
    ],
  ],
  ['ENV LEGACY $V and more', (i) => i.kind === 'ENV' && i.pairs, [{ key: 'LEGACY', value: 'two words and more' }]],
  ['LABEL "$NAME.version"=1', (i) => i.kind === 'LABEL' && i.pairs, [{ key: 'hello.version', value: '1' }]],
  ['ARG $NAME=$DIR', (i) => i.kind === 'ARG' && i.args, [{ key: '$NAME', value: '/app' }]],
  ['WORKDIR $DIR/sub', (i) => i.kind === 'WORKDIR' && i.path, '/app/sub'],
  ['USER ${U}:${U}', (i) => i.kind === 'USER' && i.user, '1000:1000'],
  ['EXPOSE $PORTS 53/udp', (i) => i.kind === 'EXPOSE' && i.ports, ['80', '443', '53/udp']],
  ['VOLUME $DIR/data', (i) => i.kind === 'VOLUME' && i.volumes, ['/app/data']],
  ['STOPSIGNAL ${SIG:-SIGTERM}', (i) => i.kind === 'STOPSIGNAL' && i.signal, 'SIGTERM'],
  ['CMD ["$NAME"]', (i) => i.kind === 'CMD' && i.command.args, ['$NAME']],
  ['ENTRYPOINT /$NAME.wasm', (i) => i.kind === 'ENTRYPOINT' && i.command.args, ['/$NAME.wasm']],
  ['RUN echo $NAME', (i) => i.kind === 'RUN' && i.command.args, ['echo $NAME']],
  ['COPY <<EOF /x\nname=$NAME "q"\nEOF', (i) => i.kind === 'COPY' && i.contents[0]?.data, 'name=hello "q"\n'],
  ["COPY <<'EOF' /x\nname=$NAME\nEOF", (i) => i.kind === 'COPY' && i.contents[0]?.data, 'name=$NAME\n'],
];

describe('expandInstruction', () => {
  it.each(cases)('%s', (src, get, want) => {
    const got = get(expandInstruction(only(src), lookup));
    expect(got, `expandInstruction(${JSON.stringify(src)})`).toEqual(want);
  });

  it('expands FROM with the lookup it is given (global ARGs)', () => {
    const r = parseDockerfile('ARG BASE=scratch\nARG P=wasi/wasm\nFROM --platform=$P ${BASE}\n');
    const from = expandInstruction(r.stages[0]!.from, (n) => ({ BASE: 'scratch', P: 'wasip1/wasm' })[n]);
    expect([from.image, from.platform], 'FROM image and platform').toEqual(['scratch', 'wasip1/wasm']);
  });

  it('uses the escape token of the Dockerfile', () => {
    const r = parseDockerfile('# escape=`\nFROM scratch\nWORKDIR c:\\$NAME`$NAME\n');
    const w = expandInstruction(r.stages[0]!.instructions[0]!, lookup, { escape: r.directives.escape });
    expect(w.kind === 'WORKDIR' && w.path, 'WORKDIR path').toBe('c:\\hello$NAME');
  });

  it('throws a located WharfError for ${V:?msg}', () => {
    const inst = only('WORKDIR ${MISSING:?set MISSING}');
    let err: unknown;
    try {
      expandInstruction(inst, lookup);
    } catch (e) {
      err = e;
    }
    expect(isWharfError(err, 'DOCKERFILE_SEMANTIC'), `threw ${String(err)}`).toBe(true);
    expect((err as Error).message).toBe(
      'Dockerfile:2: failed to process "${MISSING:?set MISSING}": MISSING: set MISSING',
    );
  });

  it('does not change the instruction it was given', () => {
    const inst = only('COPY $NAME /d');
    expandInstruction(inst, lookup);
    expect(inst.kind === 'COPY' && inst.sources).toEqual(['$NAME']);
  });

  it('expands COPY --from with the global ARGs via expandWord', () => {
    expect(expandWord('${STAGE:-build}', () => undefined)).toBe('build');
  });
});
