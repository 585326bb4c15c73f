// The value parsers behind HEALTHCHECK durations, EXPOSE ports and STOPSIGNAL, and the lexer's
// lower-level options, each against the behaviour of the Go code BuildKit relies on.
import { describe, expect, it } from 'vitest';
import { isSignal, lex, parseGoDuration, parsePort } from '../../../src/core/dockerfile/index.ts';

describe('parseGoDuration (time.ParseDuration)', () => {
  const cases: [string, number | undefined][] = [
    ['0', 0],
    ['5s', 5e9],
    ['1m30s', 90e9],
    ['1.5h', 5400e9],
    ['300ms', 3e8],
    ['10us', 1e4],
    ['10µs', 1e4],
    ['42ns', 42],
    ['.5s', 5e8],
    ['-1s', -1e9],
    ['5', undefined],
    ['s', undefined],
    ['1d', undefined],
    ['', undefined],
  ];
  it.each(cases)('parseGoDuration(%j)', (s, want) => {
    expect(parseGoDuration(s), `parseGoDuration(${JSON.stringify(s)})`).toBe(want);
  });
});

describe('parsePort (EXPOSE)', () => {
  const cases: [string, unknown][] = [
    ['80', { start: 80, end: 80, proto: 'tcp' }],
    ['53/udp', { start: 53, end: 53, proto: 'udp' }],
    ['8000-8010/tcp', { start: 8000, end: 8010, proto: 'tcp' }],
    ['9/SCTP', { start: 9, end: 9, proto: 'sctp' }],
    ['http', 'invalid containerPort: http'],
    ['80/icmp', 'invalid proto: icmp'],
    ['70000', 'invalid containerPort: 70000'],
    ['90-80', 'invalid range specified for container port: 90-80'],
  ];
  it.each(cases)('parsePort(%j)', (s, want) => {
    expect(parsePort(s), `parsePort(${JSON.stringify(s)})`).toEqual(want);
  });
});

describe('isSignal (STOPSIGNAL)', () => {
  const cases: [string, boolean][] = [
    ['SIGTERM', true],
    ['TERM', true],
    ['sigkill', true],
    ['9', true],
    ['SIGRTMIN+3', true],
    ['0', false],
    ['SIGNOPE', false],
    ['', false],
  ];
  it.each(cases)('isSignal(%j)', (s, want) => {
    expect(isSignal(s), `isSignal(${JSON.stringify(s)})`).toBe(want);
  });
});

describe('lex options', () => {
  const none = (): undefined => undefined;
  it('skipUnsetEnv leaves unset references as written', () => {
    const got = lex('$A ${B} ${C:-x} ${D/a/b}', none, { skipUnsetEnv: true }).result;
    expect(got, 'lex with skipUnsetEnv').toBe('$A ${B} ${C:-x} ${D/a/b}');
  });
  it('rawQuotes keeps the quotes', () => {
    expect(lex(`"a" 'b'`, none, { rawQuotes: true }).result, 'lex with rawQuotes').toBe(`"a" 'b'`);
  });
  it('rawEscapes keeps the escape characters', () => {
    expect(lex('a\\ b', none, { rawEscapes: true }).words, 'words with rawEscapes').toEqual(['a\\ b']);
  });
  it('skipProcessQuotes treats quotes as text', () => {
    expect(lex(`"$X" '$X'`, (n) => (n === 'X' ? '1' : undefined), { skipProcessQuotes: true }).result).toBe(`"1" '1'`);
  });
  it('escape=` splits words on an escaped space the same way', () => {
    expect(lex('a` b c', none, { escape: '`' }).words, 'words with escape=`').toEqual(['a b', 'c']);
  });
});
