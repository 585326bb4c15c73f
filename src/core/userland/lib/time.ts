// Times as the tools print and read them: strftime(3) in the C locale and UTC (date, ls, stat,
// find -printf), and the dates `date -d`, `touch -d` and `tar --mtime` take.

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function isoWeek(d: Date): { year: number; week: number } {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const start = Date.UTC(t.getUTCFullYear(), 0, 1);
  return { year: t.getUTCFullYear(), week: Math.ceil(((t.getTime() - start) / 86_400_000 + 1) / 7) };
}

/** strftime(3) in the C locale, UTC, for a time in nanoseconds since the epoch. */
export function strftime(format: string, ns: bigint): string {
  const secs = ns / 1_000_000_000n - (ns < 0n && ns % 1_000_000_000n !== 0n ? 1n : 0n);
  const nanos = ns - secs * 1_000_000_000n;
  const d = new Date(Number(secs) * 1000);
  const yday = Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%' || i + 1 >= format.length) {
      out += c;
      continue;
    }
    let flag = '';
    let j = i + 1;
    if ('-_0^#'.includes(format[j]!)) flag = format[j++]!;
    let conv = format[j]!;
    if (conv === ':' && format[j + 1] === 'z') conv = ':z';
    i = j + (conv === ':z' ? 1 : 0);
    const num = (v: number, width: number, padChar = '0'): string => {
      if (flag === '-') return String(v);
      const p = flag === '_' ? ' ' : flag === '0' ? '0' : padChar;
      return String(v).padStart(width, p);
    };
    let s: string;
    switch (conv) {
      case 'a':
        s = DAYS[d.getUTCDay()]!.slice(0, 3);
        break;
      case 'A':
        s = DAYS[d.getUTCDay()]!;
        break;
      case 'b':
      case 'h':
        s = MONTHS[d.getUTCMonth()]!.slice(0, 3);
        break;
      case 'B':
        s = MONTHS[d.getUTCMonth()]!;
        break;
      case 'c':
        s = strftime('%a %b %e %H:%M:%S %Y', ns);
        break;
      case 'C':
        s = num(Math.floor(d.getUTCFullYear() / 100), 2);
        break;
      case 'd':
        s = num(d.getUTCDate(), 2);
        break;
      case 'D':
      case 'x':
        s = strftime('%m/%d/%y', ns);
        break;
      case 'e':
        s = num(d.getUTCDate(), 2, ' ');
        break;
      case 'F':
        s = strftime('%Y-%m-%d', ns);
        break;
      case 'G':
        s = String(isoWeek(d).year);
        break;
      case 'g':
        s = num(isoWeek(d).year % 100, 2);
        break;
      case 'H':
        s = num(d.getUTCHours(), 2);
        break;
      case 'I':
        s = num(d.getUTCHours() % 12 || 12, 2);
        break;
      case 'j':
        s = num(yday + 1, 3);
        break;
      case 'k':
        s = num(d.getUTCHours(), 2, ' ');
        break;
      case 'l':
        s = num(d.getUTCHours() % 12 || 12, 2, ' ');
        break;
      case 'm':
        s = num(d.getUTCMonth() + 1, 2);
        break;
      case 'M':
        s = num(d.getUTCMinutes(), 2);
        break;
      case 'n':
        s = '\n';
        break;
      case 'N':
        s = String(nanos).padStart(9, '0');
        break;
      case 'p':
        s = d.getUTCHours() < 12 ? 'AM' : 'PM';
        break;
      case 'P':
        s = d.getUTCHours() < 12 ? 'am' : 'pm';
        break;
      case 'r':
        s = strftime('%I:%M:%S %p', ns);
        break;
      case 'R':
        s = strftime('%H:%M', ns);
        break;
      case 's':
        s = String(secs);
        break;
      case 'S':
        s = num(d.getUTCSeconds(), 2);
        break;
      case 't':
        s = '\t';
        break;
      case 'T':
      case 'X':
        s = strftime('%H:%M:%S', ns);
        break;
      case 'u':
        s = String(d.getUTCDay() || 7);
        break;
      case 'U':
        s = num(Math.floor((yday + 7 - d.getUTCDay()) / 7), 2);
        break;
      case 'V':
        s = num(isoWeek(d).week, 2);
        break;
      case 'w':
        s = String(d.getUTCDay());
        break;
      case 'W':
        s = num(Math.floor((yday + 7 - ((d.getUTCDay() + 6) % 7)) / 7), 2);
        break;
      case 'y':
        s = num(d.getUTCFullYear() % 100, 2);
        break;
      case 'Y':
        s = String(d.getUTCFullYear());
        break;
      case 'z':
        s = '+0000';
        break;
      case ':z':
        s = '+00:00';
        break;
      case 'Z':
        s = 'UTC';
        break;
      case '%':
        s = '%';
        break;
      default:
        s = `%${flag}${conv}`;
    }
    out += flag === '^' ? s.toUpperCase() : s;
  }
  return out;
}

/** `date -d`, `touch -d`: "@SECONDS", or an ISO 8601 date and time (UTC unless it names a zone). */
export function parseDate(s: string): bigint | null {
  const t = s.trim();
  const at = /^@(-?\d+)(?:\.(\d{1,9}))?$/.exec(t);
  if (at) return BigInt(at[1]!) * 1_000_000_000n + BigInt((at[2] ?? '').padEnd(9, '0') || '0');
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|UTC|[-+]\d{2}:?\d{2})?$/i.exec(t);
  if (!m) return null;
  let ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  if (Number.isNaN(ms)) return null;
  const zone = m[8];
  if (zone && /^[-+]/.test(zone)) {
    const z = /^([-+])(\d{2}):?(\d{2})$/.exec(zone)!;
    ms -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
  }
  const frac = BigInt((m[7] ?? '').slice(0, 9).padEnd(9, '0') || '0');
  return BigInt(ms) * 1_000_000n + frac;
}
