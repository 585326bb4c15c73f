// pr: files paginated for printing: 66-line pages with a header (date, name, page) and a
// trailer, in -COLUMN columns down or across (-a), files side by side (-m), numbered (-n),
// double spaced (-d), with -h, -D, -l, -w/-W, -o, -s/-S, -J, -e/-i tab conversion, -t/-T,
// -f/-F, -v/-c, -N, -r and +FIRST[:LAST]. A port of coreutils 9.1's pr.c, whose interplay of
// form feeds, column balancing and separators is what decides each byte of a page.
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  bytesToBin,
  decimalArg,
  Failure,
  FsError,
  opt,
  options,
  program,
  quote,
  quotef,
  readAll,
  strerror,
  strftime,
  UsageError,
  xstrtoumax,
  type Ctx,
  type Option,
} from '../lib/index.ts';

/**
 * -s[CHAR] and -S[STRING] with their optional arguments, in order: they interact by it (-S
 * drops a -s separator, a later -s does not replace an -S one).
 */
const separators: Option<Array<['s' | 'S', string]>> = {
  names: ['s', 'separator', 'S', 'sep-string'],
  argument: 'optional',
  initial: () => [],
  next: (list, name, v) => [...list, [name === 's' || name === 'separator' ? 's' : 'S', v ?? '']],
  meaning: (name) => (name === 's' || name === 'separator' ? 's' : 'S'),
};

const PR = options({
  pages: opt.arg('pages'),
  columns: opt.arg('columns'),
  across: opt.flag('a', 'across'),
  balance: opt.flag('b'),
  control: opt.flag('c', 'show-control-chars'),
  double: opt.flag('d', 'double-space'),
  dateFormat: opt.arg('D', 'date-format'),
  expand: opt.optionalArgs('e', 'expand-tabs'),
  formFeed: opt.flag('f', 'F', 'form-feed'),
  header: opt.arg('h', 'header'),
  outputTabs: opt.optionalArgs('i', 'output-tabs'),
  join: opt.flag('J', 'join-lines'),
  length: opt.arg('l', 'length'),
  merge: opt.flag('m', 'merge'),
  number: opt.optionalArgs('n', 'number-lines'),
  firstLine: opt.arg('N', 'first-line-number'),
  indent: opt.arg('o', 'indent'),
  quietOpens: opt.flag('r', 'no-file-warnings'),
  separators,
  omitHeader: opt.choice<'' | 't' | 'T'>('', { t: 't', 'omit-header': 't', T: 'T', 'omit-pagination': 'T' }),
  escapes: opt.flag('v', 'show-nonprinting'),
  width: opt.arg('w', 'width'),
  pageWidth: opt.arg('W', 'page-width'),
});

const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);
const UINTMAX = 2n ** 64n - 1n;
const LINES_PER_HEADER = 5;
const LINES_PER_FOOTER = 5;
const ANYWHERE = 0;
const EOF = -1;

/**
 * pr's old options before the generic parser: -COLUMN digits (the last run of digit options
 * counts, even across words: -1 -2 is 12), and -s/-S/-e/-i/-n with an argument only glued.
 */
function preparse(args: string[]): { args: string[]; digits: string | null; columnsLast: boolean } {
  const out: string[] = [];
  let run: string | null = null;
  let inRun = false;
  let columnsLast = false;
  const required = 'DNWhlow';
  const glued = 'eiSsn';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (!a.startsWith('-') || a === '-' || a.startsWith('--')) {
      inRun = false;
      out.push(a);
      if (/^--co/.test(a) && 'columns'.startsWith(a.slice(2).split('=')[0]!)) columnsLast = true;
      const name = a.slice(2);
      if (a.startsWith('--') && !name.includes('=')) {
        const longs = [
          'date-format',
          'first-line-number',
          'header',
          'length',
          'indent',
          'width',
          'page-width',
          'pages',
          'columns',
        ];
        const matches = longs.filter((l) => l.startsWith(name));
        if (name !== '' && matches.length > 0 && i + 1 < args.length) out.push(args[++i]!);
      }
      continue;
    }
    let kept = '-';
    for (let j = 1; j < a.length; j++) {
      const ch = a[j]!;
      if (ch >= '0' && ch <= '9') {
        if (!inRun) run = '';
        run += ch;
        inRun = true;
        columnsLast = false;
        continue;
      }
      inRun = false;
      kept += ch;
      if (required.includes(ch)) {
        const rest = a.slice(j + 1);
        kept += rest;
        if (rest === '' && i + 1 < args.length) {
          out.push(kept);
          kept = '';
          out.push(args[++i]!);
        }
        break;
      }
      if (glued.includes(ch)) {
        kept += a.slice(j + 1);
        break;
      }
    }
    if (kept !== '-' && kept !== '') out.push(kept);
  }
  return { args: out, digits: run, columnsLast };
}

/** getoptarg: -e, -i, -n's [CHAR][WIDTH]. */
function charAndWidth(arg: string, option: string, ch: string, width: number): [string, number] {
  let rest = arg;
  if (rest !== '' && !(rest[0]! >= '0' && rest[0]! <= '9')) {
    ch = rest[0]!;
    rest = rest.slice(1);
  }
  if (rest !== '') {
    const m = /^[ \t\n\v\f\r]*([-+]?)([0-9]+)$/.exec(rest);
    const v = m ? BigInt(m[1] === '-' ? `-${m[2]}` : m[2]!) : null;
    if (v === null || v <= 0n || v > BigInt(INT_MAX)) {
      const tooLarge = v !== null && v > BigInt(INT_MAX);
      throw new UsageError(
        `'-${option}' extra characters or invalid number in the argument: ${quote(rest)}${tooLarge ? ': Value too large for defined data type' : ''}`,
      );
    }
    width = Number(v);
  }
  return [ch, width];
}

/** first_last_page: FIRST[:LAST], or null when it is no page range (then +FIRST is a file). */
function pageRange(pages: string, option: string): { first: bigint; last: bigint } | null {
  const fail = (status: string): Failure =>
    new Failure(
      status === 'overflow'
        ? `${option} argument ${quote(pages)} too large`
        : `invalid ${option} argument ${quote(pages)}`,
    );
  const r = xstrtoumax(pages, 10, '');
  if (r.status === 'invalid' || r.status === 'overflow') throw fail(r.status);
  const head = /^[ \t\n\v\f\r]*\+?([0-9]+)/.exec(pages)!;
  const first = BigInt(head[1]!);
  if (first === 0n) return null;
  let rest = pages.slice(head[0].length);
  let last = UINTMAX;
  if (rest.startsWith(':')) {
    const r2 = xstrtoumax(rest.slice(1), 10, '');
    if (r2.status !== 'ok') throw fail(r2.status);
    last = r2.value;
    if (last < first) return null;
    rest = '';
  }
  return rest === '' ? { first, last } : null;
}

/** A column's input: open, at a form feed (held until the next page), or at its end. */
type Status = 'open' | 'ff-found' | 'on-hold' | 'closed';

/** An input as pr.c's stdio sees it: getc and ungetc over the bytes. */
class Input {
  readonly data: string;
  pos = 0;
  constructor(data: string) {
    this.data = data;
  }
  getc(): number {
    return this.pos < this.data.length ? this.data.charCodeAt(this.pos++) : EOF;
  }
  ungetc(c: number): void {
    if (c !== EOF) this.pos--;
  }
}

interface Column {
  input: Input;
  name: string;
  status: Status;
  store: boolean;
  currentLine: number;
  linesStored: number;
  linesToPrint: number;
  startPosition: number;
  numbered: boolean;
  fullPagePrinted: boolean;
}

const NL = 10;
const FF = 12;
const TAB = 9;
const BS = 8;

function isprint(c: number): boolean {
  return c >= 0x20 && c < 0x7f;
}

class Pr {
  readonly c: Ctx;
  out = '';
  // Options.
  explicitColumns = false;
  parallelFiles = false;
  extremities = true;
  keepFF = false;
  printAFF = false;
  printAHeader = false;
  useFormFeed = false;
  printAcross = false;
  storingColumns = true;
  balanceColumns = false;
  linesPerPage = 66;
  linesPerBody = 0;
  charsPerLine = 72;
  truncateLines = false;
  joinLines = false;
  charsPerColumn = 0;
  untabifyInput = false;
  inputTabChar = TAB;
  charsPerInputTab = 8;
  tabifyOutput = false;
  outputTabChar = TAB;
  charsPerOutputTab = 8;
  spacesNotPrinted = 0;
  charsPerMargin = 0;
  outputPosition = 0;
  inputPosition = 0;
  failedOpens = false;
  columns = 1;
  firstPageNumber = 0n;
  lastPageNumber = UINTMAX;
  filesReadyToRead = 0;
  pageNumber = 1n;
  lineNumber = 0;
  numberedLines = false;
  numberSeparator = TAB;
  lineCount = 1;
  skipCount = true;
  startLineNum = 1;
  charsPerNumber = 5;
  numberWidth = 0;
  useEscSequence = false;
  useCntrlPrefix = false;
  doubleSpace = false;
  totalFiles = 0;
  ignoreFailedOpens = false;
  useColSeparator = false;
  colSepString = '';
  separatorsNotPrinted = 0;
  paddingNotPrinted = 0;
  padVertically = false;
  customHeader: string | undefined;
  dateFormat = '%Y-%m-%d %H:%M';
  dateText = '';
  fileText = '';
  headerWidthAvailable = 0;
  lastLine = false;
  alignEmptyCols = false;
  emptyLine = false;
  ffOnly = false;
  // Storage for columns printed down.
  columnVector: Column[] = [];
  buff = '';
  lineVector: number[] = [];
  endVector: number[] = [];
  clump = '';
  stdin: Input | null = null;
  now: bigint;

  constructor(c: Ctx) {
    this.c = c;
    this.now = c.fs.now();
  }

  putchar(ch: number | string): void {
    this.out += typeof ch === 'number' ? String.fromCharCode(ch) : ch;
  }

  colsReadyToPrint(): number {
    let n = 0;
    for (const q of this.columnVector) {
      if (
        q.status === 'open' ||
        q.status === 'ff-found' ||
        (this.storingColumns && q.linesStored > 0 && q.linesToPrint > 0)
      )
        n++;
    }
    return n;
  }

  printFiles(names: string[]): void {
    this.initParameters(names.length);
    if (!this.initFps(names)) return;
    if (this.storingColumns) this.initStoreCols();
    if (this.firstPageNumber > 1n) {
      if (!this.skipToPage(this.firstPageNumber)) return;
      this.pageNumber = this.firstPageNumber;
    } else this.pageNumber = 1n;
    this.initFuncs();
    this.lineNumber = this.lineCount;
    while (this.printPage());
  }

  initParameters(numberOfFiles: number): void {
    let charsUsedByNumber = 0;
    this.linesPerBody = this.linesPerPage - LINES_PER_HEADER - LINES_PER_FOOTER;
    if (this.linesPerBody <= 0) {
      this.extremities = false;
      this.keepFF = true;
    }
    if (!this.extremities) this.linesPerBody = this.linesPerPage;
    if (this.doubleSpace) this.linesPerBody = Math.trunc(this.linesPerBody / 2);
    if (numberOfFiles === 0) this.parallelFiles = false;
    if (this.parallelFiles) this.columns = numberOfFiles;
    if (this.storingColumns) this.balanceColumns = true;
    if (this.columns > 1) {
      if (!this.useColSeparator) {
        this.colSepString = this.joinLines ? '\t' : ' ';
        this.useColSeparator = true;
      } else if (!this.joinLines && this.colSepString === '\t') this.colSepString = ' ';
      this.truncateLines = true;
      if (this.colSepString !== '\t') this.untabifyInput = true;
      this.tabifyOutput = true;
    } else this.storingColumns = false;
    if (this.joinLines) this.truncateLines = false;
    if (this.numberedLines) {
      this.lineCount = this.startLineNum;
      if (this.numberSeparator === TAB) this.numberWidth = this.charsPerNumber + (8 - (this.charsPerNumber % 8));
      else this.numberWidth = this.charsPerNumber + 1;
      if (this.parallelFiles) charsUsedByNumber = this.numberWidth;
    }
    const sepChars = (this.columns - 1) * this.colSepString.length;
    const useful = Math.max(0, this.charsPerLine - charsUsedByNumber - sepChars);
    this.charsPerColumn = Math.trunc(useful / this.columns);
    if (this.charsPerColumn < 1) throw new Failure('page width too narrow');
  }

  openInput(name: string): Input | null {
    if (name === '-') {
      this.stdin ??= new Input(bytesToBin(readAll(this.c.stdin)));
      return this.stdin;
    }
    try {
      return new Input(bytesToBin(this.c.fs.readFile(name)));
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      this.failedOpens = true;
      if (!this.ignoreFailedOpens) this.c.warn(`${quotef(name)}: ${strerror(e.errno)}`);
      return null;
    }
  }

  newColumn(input: Input, name: string): Column {
    return {
      input,
      name,
      status: 'open',
      store: false,
      currentLine: 0,
      linesStored: 0,
      linesToPrint: 0,
      startPosition: 0,
      numbered: false,
      fullPagePrinted: false,
    };
  }

  initFps(names: string[]): boolean {
    this.totalFiles = 0;
    this.columnVector = [];
    if (this.parallelFiles) {
      for (const name of names) {
        const input = this.openInput(name);
        if (!input) {
          this.columns--;
          continue;
        }
        this.columnVector.push(this.newColumn(input, name === '-' ? 'standard input' : name));
        this.totalFiles++;
      }
      if (this.columns === 0) return false;
      this.initHeader('', null);
    } else {
      let first: Column;
      if (names.length > 0) {
        const input = this.openInput(names[0]!);
        if (!input) return false;
        first = this.newColumn(input, names[0] === '-' ? 'standard input' : names[0]!);
        this.totalFiles++;
        this.initHeader(names[0]!, names[0] === '-' ? null : names[0]!);
      } else {
        first = this.newColumn(this.openInput('-')!, 'standard input');
        this.totalFiles++;
        this.initHeader('', null);
      }
      this.columnVector.push(first);
      for (let i = 1; i < this.columns; i++) this.columnVector.push(this.newColumn(first.input, first.name));
    }
    this.filesReadyToRead = this.totalFiles;
    return true;
  }

  initHeader(filename: string, file: string | null): void {
    let t = this.now;
    if (filename !== '-' && file !== null) {
      const node = this.c.fs.lookup(file);
      if (node) t = node.mtim;
    }
    this.dateText = argToBin(strftime(this.dateFormat, t));
    this.fileText = this.customHeader !== undefined ? this.customHeader : file === null ? '' : argToBin(filename);
    this.headerWidthAvailable = this.charsPerLine - this.dateText.length - this.fileText.length;
  }

  initFuncs(): void {
    let h = this.charsPerMargin;
    let hNext: number;
    if (!this.truncateLines) hNext = ANYWHERE;
    else if (this.parallelFiles && this.numberedLines) hNext = h + this.charsPerColumn + this.numberWidth;
    else hNext = h + this.charsPerColumn;
    h = h + this.colSepString.length;
    const cols = this.columnVector;
    for (let i = 1; i < this.columns; i++) {
      const p = cols[i - 1]!;
      p.store = this.storingColumns;
      p.numbered = this.numberedLines && (!this.parallelFiles || i === 1);
      p.startPosition = h;
      if (!this.truncateLines) {
        h = ANYWHERE;
        hNext = ANYWHERE;
      } else {
        h = hNext + this.colSepString.length;
        hNext = h + this.charsPerColumn;
      }
    }
    const p = cols[this.columns - 1]!;
    p.store = this.storingColumns && this.balanceColumns;
    p.numbered = this.numberedLines && (!this.parallelFiles || this.columns === 1);
    p.startPosition = h;
  }

  closeFile(p: Column): void {
    if (p.status === 'closed') return;
    if (!this.parallelFiles) {
      for (const q of this.columnVector) {
        q.status = 'closed';
        if (q.linesStored === 0) q.linesToPrint = 0;
      }
    } else {
      p.status = 'closed';
      p.linesToPrint = 0;
    }
    this.filesReadyToRead--;
  }

  holdFile(p: Column): void {
    if (!this.parallelFiles) {
      for (const q of this.columnVector) q.status = this.storingColumns ? 'ff-found' : 'on-hold';
    } else p.status = 'on-hold';
    p.linesToPrint = 0;
    this.filesReadyToRead--;
  }

  resetStatus(): void {
    for (const p of this.columnVector) {
      if (p.status === 'on-hold') {
        p.status = 'open';
        this.filesReadyToRead++;
      }
    }
    if (this.storingColumns) this.filesReadyToRead = this.columnVector[0]!.status === 'closed' ? 0 : 1;
  }

  initPage(): void {
    const cols = this.columnVector;
    if (this.storingColumns) {
      this.storeColumns();
      for (let j = 0; j < this.columns - 1; j++) cols[j]!.linesToPrint = cols[j]!.linesStored;
      const p = cols[this.columns - 1]!;
      if (this.balanceColumns) p.linesToPrint = p.linesStored;
      else p.linesToPrint = p.status === 'open' ? this.linesPerBody : 0;
    } else {
      for (const p of cols) p.linesToPrint = p.status === 'open' ? this.linesPerBody : 0;
    }
  }

  alignColumn(p: Column): void {
    this.paddingNotPrinted = p.startPosition;
    if (this.colSepString.length < this.paddingNotPrinted) {
      this.padAcrossTo(this.paddingNotPrinted - this.colSepString.length);
      this.paddingNotPrinted = ANYWHERE;
    }
    if (this.useColSeparator) this.printSepString();
    if (p.numbered) this.addLineNumber(p);
  }

  printPage(): boolean {
    this.initPage();
    if (this.colsReadyToPrint() === 0) return false;
    if (this.extremities) this.printAHeader = true;
    this.padVertically = false;
    let pv = false;
    let linesLeftOnPage = this.linesPerBody;
    if (this.doubleSpace) linesLeftOnPage *= 2;
    const cols = this.columnVector;
    while (linesLeftOnPage > 0 && this.colsReadyToPrint() > 0) {
      this.outputPosition = 0;
      this.spacesNotPrinted = 0;
      this.separatorsNotPrinted = 0;
      this.padVertically = false;
      this.alignEmptyCols = false;
      this.emptyLine = true;
      for (let j = 1; j <= this.columns; j++) {
        const p = cols[j - 1]!;
        this.inputPosition = 0;
        if (p.linesToPrint > 0 || p.status === 'ff-found') {
          this.ffOnly = false;
          this.paddingNotPrinted = p.startPosition;
          if (!(p.store ? this.printStored(p) : this.readLine(p))) this.readRestOfLine(p);
          pv ||= this.padVertically;
          --p.linesToPrint;
          if (p.linesToPrint <= 0) {
            if (this.colsReadyToPrint() === 0) break;
          }
          if (this.parallelFiles && p.status !== 'open') {
            if (this.emptyLine) this.alignEmptyCols = true;
            else if (p.status === 'closed' || (p.status === 'on-hold' && this.ffOnly)) this.alignColumn(p);
          }
        } else if (this.parallelFiles) {
          if (this.emptyLine) this.alignEmptyCols = true;
          else this.alignColumn(p);
        }
        if (this.useColSeparator) ++this.separatorsNotPrinted;
      }
      if (this.padVertically) {
        this.putchar(NL);
        --linesLeftOnPage;
      }
      if (this.colsReadyToPrint() === 0 && !this.extremities) break;
      if (this.doubleSpace && pv) {
        this.putchar(NL);
        --linesLeftOnPage;
      }
    }
    if (linesLeftOnPage === 0) for (const p of cols) if (p.status === 'open') p.fullPagePrinted = true;
    this.padVertically = pv;
    if (this.padVertically && this.extremities) this.padDown(linesLeftOnPage + LINES_PER_FOOTER);
    else if (this.keepFF && this.printAFF) {
      this.putchar(FF);
      this.printAFF = false;
    }
    if (this.lastPageNumber < ++this.pageNumber) return false;
    this.resetStatus();
    return true;
  }

  initStoreCols(): void {
    this.lineVector = [];
    this.endVector = [];
    this.buff = '';
  }

  storeColumns(): void {
    let line = 0;
    let buffStart = 0;
    this.buff = '';
    const lastCol = this.balanceColumns ? this.columns : this.columns - 1;
    const cols = this.columnVector;
    for (let i = 0; i < lastCol; i++) cols[i]!.linesStored = 0;
    for (let i = 0; i < lastCol && this.filesReadyToRead; i++) {
      const p = cols[i]!;
      p.currentLine = line;
      for (let j = this.linesPerBody; j && this.filesReadyToRead; --j) {
        if (p.status === 'open') {
          this.inputPosition = 0;
          if (!this.readLine(p)) this.readRestOfLine(p);
          if (p.status === 'open' || buffStart !== this.buff.length) {
            ++p.linesStored;
            this.lineVector[line] = buffStart;
            this.endVector[line++] = this.inputPosition;
            buffStart = this.buff.length;
          }
        }
      }
    }
    this.lineVector[line] = buffStart;
    if (this.balanceColumns) this.balance(line);
  }

  balance(totalStored: number): void {
    let firstLine = 0;
    this.columnVector.forEach((p, k) => {
      const i = k + 1;
      let lines = Math.trunc(totalStored / this.columns);
      if (i <= totalStored % this.columns) ++lines;
      p.linesStored = lines;
      p.currentLine = firstLine;
      firstLine += lines;
    });
  }

  charFunc(p: Column, ch: string): void {
    if (p.store) this.buff += ch;
    else this.printChar(ch.charCodeAt(0));
  }

  addLineNumber(p: Column): void {
    const digits = String(this.lineNumber).padStart(this.charsPerNumber, ' ');
    this.lineNumber++;
    // The higher digits are cut off: they tell least.
    for (const ch of digits.slice(digits.length - this.charsPerNumber)) this.charFunc(p, ch);
    if (this.columns > 1) {
      if (this.numberSeparator === TAB) {
        for (let i = this.numberWidth - this.charsPerNumber; i > 0; i--) this.charFunc(p, ' ');
      } else this.charFunc(p, String.fromCharCode(this.numberSeparator));
    } else {
      this.charFunc(p, String.fromCharCode(this.numberSeparator));
      if (this.numberSeparator === TAB)
        this.outputPosition += this.charsPerOutputTab - (this.outputPosition % this.charsPerOutputTab);
    }
    if (this.truncateLines && !this.parallelFiles) this.inputPosition += this.numberWidth;
  }

  padAcrossTo(position: number): void {
    let h = this.outputPosition;
    if (this.tabifyOutput) this.spacesNotPrinted = position - this.outputPosition;
    else {
      while (++h <= position) this.putchar(' ');
      this.outputPosition = position;
    }
  }

  padDown(lines: number): void {
    if (this.useFormFeed) this.putchar(FF);
    else for (let i = lines; i > 0; --i) this.putchar(NL);
  }

  readRestOfLine(p: Column): void {
    const f = p.input;
    let ch: number;
    while ((ch = f.getc()) !== NL) {
      if (ch === FF) {
        const next = f.getc();
        if (next !== NL) f.ungetc(next);
        if (this.keepFF) this.printAFF = true;
        this.holdFile(p);
        break;
      } else if (ch === EOF) {
        this.closeFile(p);
        break;
      }
    }
  }

  skipRead(p: Column, columnNumber: number): void {
    const f = p.input;
    let singleFF = false;
    let ch = f.getc();
    if (ch === FF && p.fullPagePrinted) {
      ch = f.getc();
      if (ch === NL) ch = f.getc();
    }
    p.fullPagePrinted = false;
    if (ch === FF) singleFF = true;
    if (this.lastLine) p.fullPagePrinted = true;
    while (ch !== NL) {
      if (ch === FF) {
        if (this.lastLine) {
          if (!this.parallelFiles) for (const q of this.columnVector) q.fullPagePrinted = false;
          else p.fullPagePrinted = false;
        }
        const next = f.getc();
        if (next !== NL) f.ungetc(next);
        this.holdFile(p);
        break;
      } else if (ch === EOF) {
        this.closeFile(p);
        break;
      }
      ch = f.getc();
    }
    if (this.skipCount && (!this.parallelFiles || columnNumber === 1) && !singleFF) ++this.lineCount;
  }

  printWhiteSpace(): void {
    let hOld = this.outputPosition;
    const goal = hOld + this.spacesNotPrinted;
    let hNew: number;
    while (goal - hOld > 1 && (hNew = hOld + this.charsPerOutputTab - (hOld % this.charsPerOutputTab)) <= goal) {
      this.putchar(this.outputTabChar);
      hOld = hNew;
    }
    while (++hOld <= goal) this.putchar(' ');
    this.outputPosition = goal;
    this.spacesNotPrinted = 0;
  }

  printSepString(): void {
    const s = this.colSepString;
    let l = s.length;
    let at = 0;
    if (this.separatorsNotPrinted <= 0) {
      if (this.spacesNotPrinted > 0) this.printWhiteSpace();
    } else {
      for (; this.separatorsNotPrinted > 0; --this.separatorsNotPrinted) {
        // pr.c walks the separator once: later separators of the run print nothing of it.
        while (l-- > 0) {
          if (s[at] === ' ') {
            at++;
            ++this.spacesNotPrinted;
          } else {
            if (this.spacesNotPrinted > 0) this.printWhiteSpace();
            this.putchar(s[at++]!);
            ++this.outputPosition;
          }
        }
        if (this.spacesNotPrinted > 0) this.printWhiteSpace();
      }
    }
  }

  printChar(c: number): void {
    if (this.tabifyOutput) {
      if (c === 0x20) {
        ++this.spacesNotPrinted;
        return;
      } else if (this.spacesNotPrinted > 0) this.printWhiteSpace();
      if (!isprint(c)) {
        if (c === BS) --this.outputPosition;
      } else ++this.outputPosition;
    }
    this.putchar(c);
  }

  skipToPage(page: bigint): boolean {
    const cols = this.columnVector;
    for (let n = 1n; n < page; ++n) {
      for (let i = 1; i < this.linesPerBody; ++i) {
        cols.forEach((p, k) => {
          if (p.status === 'open') this.skipRead(p, k + 1);
        });
      }
      this.lastLine = true;
      cols.forEach((p, k) => {
        if (p.status === 'open') this.skipRead(p, k + 1);
      });
      if (this.storingColumns) for (const p of cols) if (p.status !== 'closed') p.status = 'on-hold';
      this.resetStatus();
      this.lastLine = false;
      if (this.filesReadyToRead < 1) {
        this.c.warn(`starting page number ${page} exceeds page count ${n}`);
        break;
      }
    }
    return this.filesReadyToRead > 0;
  }

  printHeader(): void {
    this.outputPosition = 0;
    this.padAcrossTo(this.charsPerMargin);
    this.printWhiteSpace();
    if (this.pageNumber === 0n) throw new Failure('page number overflow');
    const pageText = `Page ${this.pageNumber}`;
    const available = Math.max(0, this.headerWidthAvailable - pageText.length);
    const lhs = available >> 1;
    const rhs = available - lhs;
    const field = (width: number, s: string): string => s.padStart(width, ' ');
    this.out += `\n\n${field(this.charsPerMargin, '')}${this.dateText}${field(lhs, ' ')}${this.fileText}${field(rhs, ' ')}${pageText}\n\n\n`;
    this.printAHeader = false;
    this.outputPosition = 0;
  }

  readLine(p: Column): boolean {
    const f = p.input;
    let ch = f.getc();
    let lastInputPosition = this.inputPosition;
    let chars = 0;
    if (ch === FF && p.fullPagePrinted) {
      ch = f.getc();
      if (ch === NL) ch = f.getc();
    }
    p.fullPagePrinted = false;
    switch (ch) {
      case FF: {
        const next = f.getc();
        if (next !== NL) f.ungetc(next);
        this.ffOnly = true;
        if (this.printAHeader && !this.storingColumns) {
          this.padVertically = true;
          this.printHeader();
        } else if (this.keepFF) this.printAFF = true;
        this.holdFile(p);
        return true;
      }
      case EOF:
        this.closeFile(p);
        return true;
      case NL:
        break;
      default:
        chars = this.charToClump(ch);
    }
    if (this.truncateLines && this.inputPosition > this.charsPerColumn) {
      this.inputPosition = lastInputPosition;
      return false;
    }
    if (!p.store) {
      this.padVertically = true;
      if (this.printAHeader && !this.storingColumns) this.printHeader();
      if (this.parallelFiles && this.alignEmptyCols) {
        const k = this.separatorsNotPrinted;
        this.separatorsNotPrinted = 0;
        for (let j = 1; j <= k; ++j) {
          this.alignColumn(this.columnVector[j - 1]!);
          this.separatorsNotPrinted += 1;
        }
        this.paddingNotPrinted = p.startPosition;
        this.spacesNotPrinted = this.truncateLines ? this.charsPerColumn : 0;
        this.alignEmptyCols = false;
      }
      if (this.colSepString.length < this.paddingNotPrinted) {
        this.padAcrossTo(this.paddingNotPrinted - this.colSepString.length);
        this.paddingNotPrinted = ANYWHERE;
      }
      if (this.useColSeparator) this.printSepString();
    }
    if (p.numbered) this.addLineNumber(p);
    this.emptyLine = false;
    if (ch === NL) return true;
    this.printClump(p, chars);
    for (;;) {
      ch = f.getc();
      switch (ch) {
        case NL:
          return true;
        case FF: {
          const next = f.getc();
          if (next !== NL) f.ungetc(next);
          if (this.keepFF) this.printAFF = true;
          this.holdFile(p);
          return true;
        }
        case EOF:
          this.closeFile(p);
          return true;
      }
      lastInputPosition = this.inputPosition;
      chars = this.charToClump(ch);
      if (this.truncateLines && this.inputPosition > this.charsPerColumn) {
        this.inputPosition = lastInputPosition;
        return false;
      }
      this.printClump(p, chars);
    }
  }

  printClump(p: Column, n: number): void {
    for (let i = 0; i < n; i++) this.charFunc(p, this.clump[i]!);
  }

  printStored(p: Column): boolean {
    const line = p.currentLine++;
    const first = this.lineVector[line]!;
    const last = this.lineVector[line + 1]!;
    this.padVertically = true;
    if (this.printAHeader) this.printHeader();
    if (p.status === 'ff-found') {
      for (const q of this.columnVector) q.status = 'on-hold';
      if (this.columnVector[0]!.linesToPrint <= 0) {
        if (!this.extremities) this.padVertically = false;
        return true;
      }
    }
    if (this.colSepString.length < this.paddingNotPrinted) {
      this.padAcrossTo(this.paddingNotPrinted - this.colSepString.length);
      this.paddingNotPrinted = ANYWHERE;
    }
    if (this.useColSeparator) this.printSepString();
    for (let i = first; i < last; i++) this.printChar(this.buff.charCodeAt(i));
    if (this.spacesNotPrinted === 0) {
      this.outputPosition = p.startPosition + this.endVector[line]!;
      if (p.startPosition - this.colSepString.length === this.charsPerMargin)
        this.outputPosition -= this.colSepString.length;
    }
    return true;
  }

  /** char_to_clump: how a byte is shown, into `clump`; advances the input position. */
  charToClump(c: number): number {
    let width: number;
    let chars: number;
    const perTab = c === this.inputTabChar ? this.charsPerInputTab : 8;
    if (c === this.inputTabChar || c === TAB) {
      width = perTab - (this.inputPosition % perTab);
      if (this.untabifyInput) {
        this.clump = ' '.repeat(width);
        chars = width;
      } else {
        this.clump = String.fromCharCode(c);
        chars = 1;
      }
    } else if (!isprint(c)) {
      const octal = `\\${c.toString(8).padStart(3, '0')}`;
      if (this.useEscSequence) {
        width = 4;
        chars = 4;
        this.clump = octal;
      } else if (this.useCntrlPrefix) {
        if (c < 0o200) {
          width = 2;
          chars = 2;
          this.clump = `^${String.fromCharCode(c ^ 0o100)}`;
        } else {
          width = 4;
          chars = 4;
          this.clump = octal;
        }
      } else if (c === BS) {
        width = -1;
        chars = 1;
        this.clump = '\b';
      } else {
        width = 0;
        chars = 1;
        this.clump = String.fromCharCode(c);
      }
    } else {
      width = 1;
      chars = 1;
      this.clump = String.fromCharCode(c);
    }
    if (width < 0 && this.inputPosition === 0) {
      chars = 0;
      this.inputPosition = 0;
    } else if (width < 0 && this.inputPosition <= -width) this.inputPosition = 0;
    else this.inputPosition += width;
    return chars;
  }
}

const pr = program((c) => {
  const pre = preparse(c.args);
  const { opts: o, operands } = PR.parse(pre.args);
  const p = new Pr(c);
  const num = (s: string, min: number, message: string): number =>
    Number(decimalArg(s, BigInt(min), BigInt(INT_MAX), message));

  // Operands and +FIRST[:LAST], in order: the first page range given counts.
  const files: string[] = [];
  if (o.pages !== undefined) {
    const r = pageRange(o.pages, '--pages');
    if (!r) throw new Failure(`invalid page range ${quote(o.pages)}`);
    p.firstPageNumber = r.first;
    p.lastPageNumber = r.last;
  }
  for (const operand of operands) {
    if (p.firstPageNumber === 0n && operand.startsWith('+')) {
      const r = pageRange(operand.slice(1), '+');
      if (r) {
        p.firstPageNumber = r.first;
        p.lastPageNumber = r.last;
        continue;
      }
    }
    files.push(operand);
  }
  if (pre.digits !== null && !pre.columnsLast) {
    p.columns = num(pre.digits, 1, 'invalid number of columns');
    p.explicitColumns = true;
  } else if (o.columns !== undefined) {
    p.columns = num(o.columns, 1, 'invalid number of columns');
    p.explicitColumns = true;
  }
  if (o.across) {
    p.printAcross = true;
    p.storingColumns = false;
  }
  p.balanceColumns = o.balance;
  p.useCntrlPrefix = o.control;
  p.doubleSpace = o.double;
  for (const e of o.expand) {
    const [ch, width] = charAndWidth(argToBin(e), 'e', String.fromCharCode(p.inputTabChar), p.charsPerInputTab);
    p.inputTabChar = ch.charCodeAt(0);
    p.charsPerInputTab = width;
  }
  if (o.expand.length > 0) p.untabifyInput = true;
  p.useFormFeed = o.formFeed;
  if (o.header !== undefined) p.customHeader = argToBin(o.header);
  for (const i of o.outputTabs) {
    const [ch, width] = charAndWidth(argToBin(i), 'i', String.fromCharCode(p.outputTabChar), p.charsPerOutputTab);
    p.outputTabChar = ch.charCodeAt(0);
    p.charsPerOutputTab = width;
  }
  if (o.outputTabs.length > 0) p.tabifyOutput = true;
  p.joinLines = o.join;
  if (o.length !== undefined) p.linesPerPage = num(o.length, 1, "'-l PAGE_LENGTH' invalid number of lines");
  if (o.merge) {
    p.parallelFiles = true;
    p.storingColumns = false;
  }
  for (const n of o.number) {
    p.numberedLines = true;
    const [ch, width] = charAndWidth(argToBin(n), 'n', String.fromCharCode(p.numberSeparator), p.charsPerNumber);
    p.numberSeparator = ch.charCodeAt(0);
    p.charsPerNumber = width;
  }
  if (o.firstLine !== undefined) {
    p.skipCount = false;
    p.startLineNum = num(o.firstLine, INT_MIN, "'-N NUMBER' invalid starting line number");
  }
  if (o.indent !== undefined) p.charsPerMargin = num(o.indent, 0, "'-o MARGIN' invalid line offset");
  p.ignoreFailedOpens = o.quietOpens;
  // -s and -S, in order.
  let oldS = false;
  let oldOptions = false;
  for (const [kind, value] of o.separators) {
    if (kind === 's') {
      oldOptions = true;
      oldS = true;
      if (!p.useColSeparator && value !== '') p.colSepString = argToBin(value);
    } else {
      oldS = false;
      p.colSepString = '';
      p.useColSeparator = true;
      if (value !== '') p.colSepString = argToBin(value);
    }
  }
  if (o.omitHeader !== '') {
    p.extremities = false;
    p.keepFF = o.omitHeader === 't';
  }
  p.useEscSequence = o.escapes;
  let oldW = false;
  if (o.width !== undefined) {
    oldOptions = true;
    oldW = true;
    const width = num(o.width, 1, "'-w PAGE_WIDTH' invalid number of characters");
    if (o.pageWidth === undefined) p.charsPerLine = width;
  }
  if (o.pageWidth !== undefined) {
    oldW = false;
    p.truncateLines = true;
    p.charsPerLine = num(o.pageWidth, 1, "'-W PAGE_WIDTH' invalid number of characters");
  }
  if (o.dateFormat !== undefined) p.dateFormat = o.dateFormat;
  else if (c.getenv('POSIXLY_CORRECT') !== undefined) p.dateFormat = '%b %e %H:%M %Y';
  if (p.firstPageNumber === 0n) p.firstPageNumber = 1n;
  if (p.parallelFiles && p.explicitColumns)
    throw new Failure('cannot specify number of columns when printing in parallel');
  if (p.parallelFiles && p.printAcross)
    throw new Failure('cannot specify both printing across and printing in parallel');
  if (oldOptions) {
    if (oldW) {
      if (p.parallelFiles || p.explicitColumns) {
        p.truncateLines = true;
        if (oldS) p.useColSeparator = true;
      } else p.joinLines = true;
    } else if (!p.useColSeparator) {
      if (oldS && (p.parallelFiles || p.explicitColumns)) {
        if (!p.truncateLines) {
          p.joinLines = true;
          if (p.colSepString.length > 0) p.useColSeparator = true;
        } else p.useColSeparator = true;
      }
    }
  }

  try {
    if (files.length === 0) p.printFiles([]);
    else if (p.parallelFiles) p.printFiles(files);
    else for (const f of files) p.printFiles([f]);
  } finally {
    c.out.bin(p.out);
  }
  return p.failedOpens ? 1 : 0;
});

export const prPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['pr', pr]];
