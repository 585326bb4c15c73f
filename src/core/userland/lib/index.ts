// The toolkit every userland program is written with, and all a tool imports besides the
// runtime's process interface: the program frame, typed options, the volume as files, bytes
// and text, one error family, glob patterns and POSIX regexes, escapes and printf, modes,
// times, users, paths, and the expression core of $((…)), expr and test.
export { bunzip2, bunzip2Message, bunzip2Piped, isBzip2, type Bunzip2Outcome } from './bzip2.ts';
export { argmatch } from './argmatch.ts';
export { CHAR_CLASSES } from './char-classes.ts';
export { envEntries, getenv } from './env.ts';
export { strerror, type Errno } from './errno.ts';
export { fileTest, type Lookup } from './file-test.ts';
export { Failure, FsError, UsageError, UserlandError } from './errors.ts';
export {
  ANSI_C_ESCAPES,
  AWK_ESCAPES,
  BASH_ECHO_ESCAPES,
  BASH_PRINTF_ESCAPES,
  C_ESCAPES,
  ECHO_ESCAPES,
  PRINTF_ESCAPES,
  readEscape,
  unescape,
  type Escape,
  type EscapeDialect,
} from './escapes.ts';
export { climb, Tokens, type BinaryOperators } from './expression.ts';
export { compareNames, fileSize, Fs, isDevNull, modeString, permissionString, UMASK, type Found } from './fs.ts';
export { setFields, type FieldSet } from './fields.ts';
export { expandPathname, isGlob, type GlobOptions } from './glob.ts';
export { hasExtglob, matchExtglob } from './extglob.ts';
export { deflate, inflate } from './gzip.ts';
export {
  argToBin,
  binToArg,
  binToBytes,
  bytesToBin,
  Collector,
  discard,
  fromUtf8,
  Out,
  readAll,
  splitLines,
  utf8,
} from './io.ts';
export { checkDeadline, niceness, now, pause, TimeLimit, withDeadline, withNiceness } from './inherited.ts';
export { MACHINE } from './machine.ts';
export { readLines } from './lines.ts';
export { LongDouble } from './long-double.ts';
export { parseMode } from './mode.ts';
export { parseCInteger, parseInteger } from './numbers.ts';
export {
  CommandOptions,
  NO_OPTIONS,
  opt,
  options,
  parseCount,
  type Option,
  type Options,
  type ParsedArgs,
} from './options.ts';
export { basenameOf, dirnameOf, joinPath, lastName, logical } from './path.ts';
export {
  bracketClass,
  escapePattern,
  hasGlob,
  matchPattern,
  patternSource,
  removeAffix,
  unescapePattern,
} from './pattern.ts';
export { CONVERSION, formatConversion, formatFloat, pad, printf, type Formatted, type PrintfArgs } from './printf.ts';
export { attempt, inputs, internal, program, q, type CommandBody, type Ctx } from './program.ts';
export { quote, quoteaf, quotef } from './quote.ts';
export { randperm, randpermBound, Randint, RandomBytes } from './randint.ts';
export { compile, RegexError, translate } from './regex.ts';
export { parseDate, strftime } from './time.ts';
export { decimalArg } from './xdecimal.ts';
export { xstrtolError, xstrtoumax, type XstrtolStatus } from './xstrtol.ts';
export { idNames, lookupId } from './users.ts';
export { isXz, unxz } from './xz.ts';
