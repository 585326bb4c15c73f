// date(1). The time is SOURCE_DATE_EPOCH when set (so a build prints the same date each time),
// else the volume's clock; the zone is always UTC.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { has, parseDate, parseOpts, program, q, strftime, UsageError, value } from '../lib/index.ts';

const ISO: Record<string, string> = {
  date: '%Y-%m-%d',
  hours: '%Y-%m-%dT%H%:z',
  minutes: '%Y-%m-%dT%H:%M%:z',
  seconds: '%Y-%m-%dT%H:%M:%S%:z',
  ns: '%Y-%m-%dT%H:%M:%S,%N%:z',
};

const date = program((c) => {
  const args: string[] = [];
  let format: string | undefined;
  for (const a of c.args) {
    if (a.startsWith('+') && format === undefined) format = a.slice(1);
    // -I and --iso-8601 take an optional value, which getopt cannot say: bare means "date".
    else if (a === '-I' || a === '--iso-8601') args.push('--iso-8601=date');
    else args.push(a);
  }
  const p = parseOpts(args, {
    short: 'd:r:uI:R',
    long: {
      date: 'd:',
      reference: 'r:',
      utc: 'u',
      universal: 'u',
      'iso-8601': 'I:',
      'rfc-email': 'R',
      'rfc-2822': 'R',
      'rfc-3339': 'rfc-3339:',
    },
  });
  if (p.operands.length > 0) {
    c.warn(`cannot set date: Operation not permitted`);
    return 1;
  }
  let ns: bigint;
  const d = value(p, 'd');
  const r = value(p, 'r');
  if (d !== undefined) {
    const v = d.trim() === '' || /^(now|today)$/i.test(d.trim()) ? now(c) : parseDate(d);
    if (v === null) {
      c.warn(`invalid date ${q(d)}`);
      return 1;
    }
    ns = v;
  } else if (r !== undefined) {
    const node = c.fs.lookup(r);
    if (!node) {
      c.warn(`${r}: No such file or directory`);
      return 1;
    }
    ns = node.mtim;
  } else ns = now(c);
  const iso = value(p, 'I');
  const rfc3339 = value(p, 'rfc-3339');
  if (iso !== undefined) {
    const f = ISO[iso === '' ? 'date' : iso];
    if (!f) throw new UsageError(`invalid argument ${q(iso)} for '--iso-8601'`);
    format = f;
  } else if (rfc3339 !== undefined) {
    const f = { date: '%Y-%m-%d', seconds: '%Y-%m-%d %H:%M:%S%:z', ns: '%Y-%m-%d %H:%M:%S.%N%:z' }[rfc3339];
    if (!f) throw new UsageError(`invalid argument ${q(rfc3339)} for '--rfc-3339'`);
    format = f;
  } else if (has(p, 'R')) format = '%a, %d %b %Y %H:%M:%S %z';
  c.out.text(`${strftime(format ?? '%a %b %e %H:%M:%S %Z %Y', ns)}\n`);
  return 0;
});

function now(c: { getenv(name: string): string | undefined; fs: { now(): bigint } }): bigint {
  const epoch = c.getenv('SOURCE_DATE_EPOCH');
  if (epoch !== undefined && /^[0-9]+$/.test(epoch)) return BigInt(epoch) * 1_000_000_000n;
  return c.fs.now();
}

export const datePrograms: ReadonlyArray<[string, BuiltinProgram]> = [['date', date]];
