// date(1). The time is SOURCE_DATE_EPOCH when set (so a build prints the same date each time),
// else the volume's clock; the zone is always UTC.
import type { BuiltinProgram } from '../../runtime/process.ts';
import { opt, options, parseDate, program, q, strftime, UsageError } from '../lib/index.ts';

const ISO: Record<string, string> = {
  date: '%Y-%m-%d',
  hours: '%Y-%m-%dT%H%:z',
  minutes: '%Y-%m-%dT%H:%M%:z',
  seconds: '%Y-%m-%dT%H:%M:%S%:z',
  ns: '%Y-%m-%dT%H:%M:%S,%N%:z',
};

const DATE = options({
  date: opt.arg('d', 'date'),
  reference: opt.arg('r', 'reference'),
  utc: opt.flag('u', 'utc', 'universal'),
  // -I alone (or --iso-8601) means -Idate.
  iso8601: opt.optionalArg('I', 'iso-8601'),
  rfcEmail: opt.flag('R', 'rfc-email', 'rfc-2822'),
  rfc3339: opt.arg('rfc-3339'),
});

const date = program((c) => {
  const args: string[] = [];
  let format: string | undefined;
  for (const a of c.args) {
    if (a.startsWith('+') && format === undefined) format = a.slice(1);
    else args.push(a);
  }
  const { opts: o, operands } = DATE.parse(args);
  if (operands.length > 0) {
    c.warn(`cannot set date: Operation not permitted`);
    return 1;
  }
  let ns: bigint;
  const d = o.date;
  const r = o.reference;
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
  const iso = o.iso8601;
  const rfc3339 = o.rfc3339;
  if (iso !== undefined) {
    const f = ISO[iso === '' ? 'date' : iso];
    if (!f) throw new UsageError(`invalid argument ${q(iso)} for '--iso-8601'`);
    format = f;
  } else if (rfc3339 !== undefined) {
    const f = { date: '%Y-%m-%d', seconds: '%Y-%m-%d %H:%M:%S%:z', ns: '%Y-%m-%d %H:%M:%S.%N%:z' }[rfc3339];
    if (!f) throw new UsageError(`invalid argument ${q(rfc3339)} for '--rfc-3339'`);
    format = f;
  } else if (o.rfcEmail) format = '%a, %d %b %Y %H:%M:%S %z';
  c.out.text(`${strftime(format ?? '%a %b %e %H:%M:%S %Z %Y', ns)}\n`);
  return 0;
});

function now(c: { getenv(name: string): string | undefined; fs: { now(): bigint } }): bigint {
  const epoch = c.getenv('SOURCE_DATE_EPOCH');
  if (epoch !== undefined && /^[0-9]+$/.test(epoch)) return BigInt(epoch) * 1_000_000_000n;
  return c.fs.now();
}

export const datePrograms: ReadonlyArray<[string, BuiltinProgram]> = [['date', date]];
