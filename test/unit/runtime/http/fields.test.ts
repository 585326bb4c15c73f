// wasi:http fields as wasmtime-wasi-http keeps them: names case-insensitive, values checked,
// hop-by-hop headers forbidden, immutability once a request or response owns them.
import { describe, expect, it } from 'vitest';
import { WasiResultError } from '../../../../src/core/runtime/component/index.ts';
import { Fields, FIELDS_SIZE_LIMIT } from '../../../../src/core/runtime/http/index.ts';

const enc = new TextEncoder();
const b = (s: string): Uint8Array => enc.encode(s);

/** The header-error tag `f` fails with, or 'ok'. */
function outcome(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof WasiResultError) return (e.payload as { tag: string }).tag;
    throw e;
  }
}

describe('Fields', () => {
  it('names are case-insensitive, kept lowercase; values in order, grouped by name', () => {
    const f = Fields.fromList([
      ['Content-Type', b('text/plain')],
      ['X-A', b('1')],
      ['x-a', b('2')],
    ]);
    expect(f.get('X-a'), "get('X-a')").toEqual([b('1'), b('2')]);
    expect(f.has('CONTENT-TYPE'), "has('CONTENT-TYPE')").toBe(true);
    expect(f.entries(), 'entries()').toEqual([
      ['content-type', b('text/plain')],
      ['x-a', b('1')],
      ['x-a', b('2')],
    ]);
    f.set('x-a', [b('3')]);
    f.delete('content-type');
    expect(f.pairs(), 'pairs() after set and delete').toEqual([['x-a', '3']]);
  });

  it('refuses bad names and values with invalid-syntax, hop-by-hop names with forbidden', () => {
    const f = new Fields();
    expect(
      outcome(() => f.append('bad name', b('1'))),
      'append("bad name")',
    ).toBe('invalid-syntax');
    expect(
      outcome(() => f.append('', b('1'))),
      'append("")',
    ).toBe('invalid-syntax');
    expect(
      outcome(() => f.append('x', b('a\nb'))),
      'append(x, "a\\nb")',
    ).toBe('invalid-syntax');
    expect(
      outcome(() => f.append('x', b('a\0b'))),
      'append(x, "a\\0b")',
    ).toBe('invalid-syntax');
    expect(
      outcome(() => f.append('x', new Uint8Array([0xe9]))),
      'append(x, obs-text)',
    ).toBe('ok');
    expect(
      outcome(() => f.append('content-length', b('+5'))),
      'append(content-length, "+5")',
    ).toBe('invalid-syntax');
    for (const name of ['Connection', 'keep-alive', 'Host', 'transfer-encoding', 'upgrade', 'proxy-connection']) {
      expect(
        outcome(() => f.append(name, b('x'))),
        `append(${name})`,
      ).toBe('forbidden');
      expect(
        outcome(() => f.set(name, [b('x')])),
        `set(${name})`,
      ).toBe('forbidden');
    }
    expect(
      outcome(() => Fields.fromList([['upgrade', b('h2c')]])),
      'fromList(upgrade)',
    ).toBe('forbidden');
  });

  it('immutable once frozen; clone() gives a mutable copy; incoming fields drop forbidden ones', () => {
    const f = Fields.fromList([['x-a', b('1')]]).freeze();
    expect(
      outcome(() => f.append('x-b', b('2'))),
      'append on frozen',
    ).toBe('immutable');
    expect(
      outcome(() => f.delete('x-a')),
      'delete on frozen',
    ).toBe('immutable');
    expect(
      outcome(() => f.set('x-a', [])),
      'set on frozen',
    ).toBe('immutable');
    // Forbidden before immutable, as wasmtime checks the name first.
    expect(
      outcome(() => f.append('host', b('h'))),
      'append(host) on frozen',
    ).toBe('forbidden');
    const c = f.clone();
    c.append('x-b', b('2'));
    expect(c.pairs(), 'clone after append').toEqual([
      ['x-a', '1'],
      ['x-b', '2'],
    ]);
    expect(f.pairs(), 'the original').toEqual([['x-a', '1']]);
    const incoming = Fields.incoming([
      ['Host', 'example.com'],
      ['Connection', 'keep-alive'],
      ['Accept', '*/*'],
      ['X-Latin1', 'caf\u00e9'],
    ]);
    expect(incoming.entries(), 'incoming entries').toEqual([
      ['accept', b('*/*')],
      ['x-latin1', new Uint8Array([0x63, 0x61, 0x66, 0xe9])],
    ]);
    expect(
      outcome(() => incoming.append('x', b('1'))),
      'append on incoming',
    ).toBe('immutable');
  });

  it('past the size limit the guest traps (an Error, not a result)', () => {
    const f = new Fields();
    expect(() => f.append('x-big', new Uint8Array(FIELDS_SIZE_LIMIT).fill(0x61)), 'append(128 KiB)').toThrow(
      /more than 131072 bytes of headers/,
    );
  });
});
