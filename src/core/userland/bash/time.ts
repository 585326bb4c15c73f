// `time`'s report: TIMEFORMAT's %R, %U, %S (with a precision digit and l for minutes), %P and
// %%, or POSIX's `real 0.00` lines for `time -p`. Only the real time is measured: the runtime
// keeps no account of CPU time, so user and sys read 0.
// https://www.gnu.org/software/bash/manual/html_node/Bash-Variables.html#index-TIMEFORMAT

export const DEFAULT_TIMEFORMAT = '\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS';
const POSIX_TIMEFORMAT = 'real %2R\nuser %2U\nsys %2S';

/** The report for `ms` of real time (with its newline), or an error naming the bad character. */
export function timeReport(
  format: string | undefined,
  posix: boolean,
  ms: number,
): { text: string } | { error: string } {
  const f = posix ? POSIX_TIMEFORMAT : (format ?? DEFAULT_TIMEFORMAT);
  if (f === '') return { text: '' };
  const seconds = { R: ms / 1000, U: 0, S: 0 };
  let out = '';
  for (let i = 0; i < f.length; i++) {
    const c = f[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    let n = f[++i];
    if (n === '%') {
      out += '%';
      continue;
    }
    if (n === 'P') {
      out += seconds.R > 0 ? (((seconds.U + seconds.S) / seconds.R) * 100).toFixed(2) : '0.00';
      continue;
    }
    let precision = 3;
    if (n !== undefined && /[0-9]/.test(n)) {
      precision = Math.min(Number(n), 3);
      n = f[++i];
    }
    const long = n === 'l';
    if (long) n = f[++i];
    if (n !== 'R' && n !== 'U' && n !== 'S') return { error: `TIMEFORMAT: \`${n ?? ''}': invalid format character` };
    out += duration(seconds[n], precision, long);
  }
  return { text: `${out}\n` };
}

/** Seconds with `precision` decimals (truncated, as bash does), as MmS.FFFs when `long`. */
function duration(s: number, precision: number, long: boolean): string {
  const scale = 10 ** precision;
  const total = Math.floor(s * scale);
  const whole = Math.floor(total / scale);
  const frac = precision > 0 ? `.${String(total % scale).padStart(precision, '0')}` : '';
  if (!long) return `${whole}${frac}`;
  return `${Math.floor(whole / 60)}m${whole % 60}${frac}s`;
}
