// Go's time.ParseDuration, for HEALTHCHECK's --interval/--timeout/--start-period/--start-interval
// ("1m30s", "500ms", "1.5h"), returning nanoseconds as the image config stores them.

const unitNs: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

export function parseGoDuration(s: string): number | undefined {
  if (s === '0' || s === '+0' || s === '-0') return 0;
  const m = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/u.exec(s);
  if (!m) return undefined;
  let total = 0;
  const part = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gu;
  for (let p = part.exec(m[2]!); p; p = part.exec(m[2]!)) total += Number(p[1]) * unitNs[p[2]!]!;
  return Math.round(m[1] === '-' ? -total : total);
}
