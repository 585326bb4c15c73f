// The time a diff header gives after a file name, in the two forms diff writes: unified's
// "2020-09-13 12:26:40.123456789 +0000" (ISO 8601 with a numeric zone) and context's ctime
// "Sun Sep 13 12:26:40 2020". patch reads it to tell a missing file (the epoch, as diff -N
// writes) from an empty one, and for -T/-Z. Times without a zone are UTC: the images run so.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ZONE = String.raw`(?:\s+(Z|UTC|GMT|[-+]\d\d:?\d\d))?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?${ZONE}$`, 'i');
const CTIME = new RegExp(
  String.raw`^(?:[a-z]{3},?\s+)?([a-z]{3})\s+(\d{1,2})\s+(\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?${ZONE}\s+(\d{4})${ZONE}$`,
  'i',
);

function zoneSeconds(zone: string | undefined): number {
  if (zone === undefined || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^([-+])(\d\d):?(\d\d)$/.exec(zone)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

/** The fraction of a second "12:26:40.123" gives, in nanoseconds. */
function nanos(fraction: string | undefined): bigint {
  return BigInt((fraction ?? '').slice(1, 10).padEnd(9, '0'));
}

function at(year: number, month: number, day: number, h: number, m: number, sec: number, zone: number): bigint {
  return BigInt(Date.UTC(year, month, day, h, m, sec) / 1000 - zone) * 1_000_000_000n;
}

/** Nanoseconds since the epoch, or null when `text` is no time patch reads. */
export function headerTime(text: string): bigint | null {
  const t = text.trim();
  const iso = ISO.exec(t);
  if (iso) {
    const [, y, mo, d, h, mi, sec, frac, zone] = iso;
    return at(+y!, +mo! - 1, +d!, +h!, +mi!, +(sec ?? 0), zoneSeconds(zone)) + nanos(frac);
  }
  const ctime = CTIME.exec(t);
  if (ctime) {
    const [, mon, d, h, mi, sec, frac, zone1, y, zone2] = ctime;
    const month = MONTHS.indexOf(mon!.toLowerCase());
    if (month < 0) return null;
    return at(+y!, month, +d!, +h!, +mi!, +(sec ?? 0), zoneSeconds(zone1 ?? zone2)) + nanos(frac);
  }
  return null;
}
