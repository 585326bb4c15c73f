// The programs of GNU coreutils 9.1 that builds and their scripts call, with the options
// people use and coreutils' messages and exit statuses.
// https://www.gnu.org/software/coreutils/manual/coreutils.html
import type { BuiltinProgram } from '../../runtime/process.ts';
import { attrPrograms } from './attrs.ts';
import { checksumPrograms } from './checksums.ts';
import { basicPrograms } from './basic.ts';
import { commPrograms } from './comm.ts';
import { copyPrograms } from './copy.ts';
import { csplitPrograms } from './csplit.ts';
import { cutPrograms } from './cut.ts';
import { datePrograms } from './date.ts';
import { ddPrograms } from './dd.ts';
import { encodingPrograms } from './encodings.ts';
import { expandPrograms } from './expand.ts';
import { exprPrograms } from './expr.ts';
import { factorPrograms } from './factor.ts';
import { filePrograms } from './files.ts';
import { fmtPrograms } from './fmt.ts';
import { foldPrograms } from './fold.ts';
import { idPrograms } from './ids.ts';
import { linkPrograms } from './link.ts';
import { joinPrograms } from './join.ts';
import { listPrograms } from './ls.ts';
import { nlPrograms } from './nl.ts';
import { numfmtPrograms } from './numfmt.ts';
import { odPrograms } from './od.ts';
import { pastePrograms } from './paste.ts';
import { prPrograms } from './pr.ts';
import { realpathPrograms } from './realpath.ts';
import { shufPrograms } from './shuf.ts';
import { splitPrograms } from './split.ts';
import { sortPrograms } from './sort.ts';
import { testPrograms } from './test.ts';
import { textPrograms } from './text.ts';
import { trPrograms } from './tr.ts';
import { truncatePrograms } from './truncate.ts';
import { tsortPrograms } from './tsort.ts';
import { wrapperPrograms } from './wrappers.ts';

export const coreutilsPrograms: ReadonlyArray<[string, BuiltinProgram]> = [
  ...basicPrograms,
  ...testPrograms,
  ...exprPrograms,
  ...textPrograms,
  ...filePrograms,
  ...attrPrograms,
  ...copyPrograms,
  ...realpathPrograms,
  ...listPrograms,
  ...sortPrograms,
  ...cutPrograms,
  ...trPrograms,
  ...datePrograms,
  ...encodingPrograms,
  ...checksumPrograms,
  ...truncatePrograms,
  ...ddPrograms,
  ...linkPrograms,
  ...idPrograms,
  ...wrapperPrograms,
  ...commPrograms,
  ...joinPrograms,
  ...pastePrograms,
  ...nlPrograms,
  ...foldPrograms,
  ...fmtPrograms,
  ...expandPrograms,
  ...odPrograms,
  ...tsortPrograms,
  ...factorPrograms,
  ...shufPrograms,
  ...splitPrograms,
  ...csplitPrograms,
  ...numfmtPrograms,
  ...prPrograms,
];
