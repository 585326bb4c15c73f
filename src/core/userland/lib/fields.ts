// Field lists as coreutils' set_fields reads them (numfmt --field, cut -f): N, N-M, N-, -M
// and, where allowed, a lone "-" for all, separated by commas or blanks, with its messages.
import { UsageError } from './errors.ts';
import { quote } from './quote.ts';

const UINTMAX = 2n ** 64n - 1n;

/** Whether field n (from 1) is in the list: set_fields' ranges. */
export type FieldSet = (n: bigint) => boolean;

export function setFields(list: string, o: { allowDash?: boolean } = {}): FieldSet {
  const ranges: Array<[bigint, bigint]> = [];
  let initial = 1n;
  let value = 0n;
  let lhs = false;
  let rhs = false;
  let dash = false;
  let s = list;
  if (o.allowDash && s === '-') {
    value = 1n;
    lhs = true;
    dash = true;
    s = '';
  }
  for (let i = 0; ; i++) {
    const c = s[i];
    if (c === '-') {
      if (dash) throw new UsageError('invalid field range');
      dash = true;
      if (lhs && value === 0n) throw new UsageError('fields are numbered from 1');
      initial = lhs ? value : 1n;
      value = 0n;
    } else if (c === undefined || c === ',' || c === ' ' || c === '\t') {
      if (dash) {
        dash = false;
        if (!lhs && !rhs) {
          if (!o.allowDash) throw new UsageError('invalid range with no endpoint: -');
          initial = 1n;
        }
        if (!rhs) ranges.push([initial, UINTMAX]);
        else {
          if (value < initial) throw new UsageError('invalid decreasing range');
          ranges.push([initial, value]);
        }
      } else {
        if (value === 0n) throw new UsageError('fields are numbered from 1');
        ranges.push([value, value]);
      }
      value = 0n;
      if (c === undefined) break;
      lhs = false;
      rhs = false;
    } else if (c >= '0' && c <= '9') {
      if (dash) rhs = true;
      else lhs = true;
      value = value * 10n + BigInt(c);
      if (value >= UINTMAX) {
        const start = s.slice(0, i + 1).search(/[0-9]*$/);
        throw new UsageError(`field number ${quote(/^[0-9]*/.exec(s.slice(start))![0])} is too large`);
      }
    } else {
      throw new UsageError(`invalid field value ${quote(s.slice(i))}`);
    }
  }
  if (ranges.length === 0) throw new UsageError('missing list of fields');
  return (n) => ranges.some(([lo, hi]) => n >= lo && n <= hi);
}
