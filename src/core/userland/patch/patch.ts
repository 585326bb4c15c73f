// patch(1) as GNU patch 2.7.6 (Debian 12) runs it (patch.c main): for each diff in the patch,
// the file it names is found, each hunk applied where it fits (with the offset and fuzz it
// reports), the result put in place (the original kept as FILE.orig when it did not fit
// exactly), and the hunks that did not fit written to FILE.rej. A patch that looks reversed
// or applied already is skipped (no terminal to ask), unless -R, -t, -f or -N says otherwise.
// Exit status 0 when all applied, 1 when some failed, 2 on trouble.
// https://www.gnu.org/software/diffutils/manual/html_node/Invoking-patch.html
import type { VolumeNode } from '../../rootfs/index.ts';
import type { BuiltinProgram } from '../../runtime/process.ts';
import {
  argToBin,
  binToBytes,
  bytesToBin,
  Fs,
  FsError,
  program,
  readAll,
  strerror,
  UMASK,
  UsageError,
  type Ctx,
} from '../lib/index.ts';
import { Applier, Output } from './apply.ts';
import { applyEdScript } from './ed.ts';
import { backupStyle, createBackup, makedirs, moveFile, removedirs } from './files.ts';
import { getInputFile, scanInput, type InputLines } from './input.ts';
import { statFile, thereIsAnotherPatch } from './intuit.ts';
import { parseCommand } from './options.ts';
import { NEW, OLD, Pch } from './pch.ts';
import { quoteName } from './quote.ts';
import { anotherHunk } from './read-hunk.ts';
import { rejectText } from './reject.ts';
import { PatchFatal, Session } from './session.ts';
import { PatchSource } from './source.ts';

/** What lasts from one file's diff to the next. */
interface Run {
  somefailed: boolean;
  /** -o's file, written as one output across all diffs. */
  outfile: Output | undefined;
  /** Whether -r's file has been started. */
  writtenToRejname: boolean;
  /** Files to remove once the whole patch is applied, with whether to back them up. */
  deletions: Array<{ name: string; backup: boolean; node: VolumeNode }>;
}

function octal(mode: number): string {
  return `0${(mode & 0o170000).toString(8)}`;
}

/** Applies the current diff to its file (the body of patch.c's main loop). */
function patchFile(s: Session, p: Pch, run: Run): void {
  const o = s.o;
  let hunk = 0;
  let failed = 0;
  let mismatch = false;
  let outname: string | null = null;
  let rejects = '';
  if (s.skipRestOfPatch) run.somefailed = true;
  if (!s.skipRestOfPatch && p.fileType === null) {
    s.say(
      `File ${s.q(s.inname!)}: can't change file type from ${octal(p.mode[s.reverse ? 1 : 0])} to ${octal(p.mode[s.reverse ? 0 : 1])}.\n`,
    );
    s.skipRestOfPatch = true;
    run.somefailed = true;
  }
  if (!s.skipRestOfPatch) {
    if (o.output !== undefined) outname = o.output;
    else if (p.isCopy || p.isRename) outname = p.name(s.reverse ? OLD : NEW);
    else outname = s.inname;
  }
  const fileType = p.fileType ?? 'file';
  if (!s.skipRestOfPatch && !getInputFile(s, s.inname!, fileType)) {
    s.skipRestOfPatch = true;
    run.somefailed = true;
  }
  // patch makes its temporary output file beside the file it patches, and the directories
  // that needs, even if nothing comes of it.
  if (outname !== null && !o.dryRun && o.output === undefined) makedirs(s, outname);

  let out: Output | undefined = run.outfile;
  let applier: Applier | undefined;
  let input: InputLines | undefined;
  if (p.diffType === 'ed') {
    if (s.skipRestOfPatch) run.somefailed = true;
    const result = applyEdScript(s, p, s.skipRestOfPatch ? undefined : scanInput(s, null));
    if (result !== undefined && run.outfile) {
      run.outfile.write(result);
      run.outfile.zeroOutput = false;
    } else if (result !== undefined) {
      out = new Output();
      out.write(result);
      out.zeroOutput = result === '';
    }
  } else {
    if (!s.skipRestOfPatch && p.diffType === 'git-binary') {
      s.say(`File ${s.q(outname!)}: git binary diffs are not supported.\n`);
      s.skipRestOfPatch = true;
      run.somefailed = true;
    }
    if (!s.skipRestOfPatch && o.output === undefined) out = new Output();
    if (!s.skipRestOfPatch) {
      input = scanInput(s, p.revision);
      applier = new Applier(
        input,
        out!,
        { ignoreWhitespace: o.ignoreWhitespace, ifdef: o.ifdef },
        (t) => s.say(t),
        (m) => s.fatal(m),
      );
      if (!s.silent) {
        const renamed = s.inname !== outname;
        const skipRename = !renamed && p.isRename;
        const what = fileType === 'symlink' ? 'symbolic link' : 'file';
        s.say(`${o.dryRun ? 'checking' : 'patching'} ${what} ${s.q(outname!)}${renamed || skipRename ? ' ' : '\n'}`);
        if (renamed || skipRename) {
          const how = p.isCopy ? 'copied' : p.isRename ? 'renamed' : 'read';
          const from = !skipRename ? s.inname! : p.name(s.inname === p.name(OLD) ? NEW : OLD)!;
          s.say(`(${skipRename ? 'already ' : ''}${how} from ${from})\n`);
        }
        if (s.verbose) s.say('Using Plan A...\n');
      }
    }
    let applyAnyway = false;
    while (anotherHunk(s, p, p.diffType, s.reverse)) {
      const h = p.hunk;
      let where = 0;
      let fuzz = 0;
      const maxFuzz = Math.min(o.fuzz, Math.max(h.prefixContext, h.suffixContext));
      hunk++;
      if (!s.skipRestOfPatch && applier) {
        do {
          where = applier.locate(p.hunk, fuzz);
          if (!where || fuzz || applier.inOffset) mismatch = true;
          if (hunk === 1 && !where && !(o.force || applyAnyway) && s.reverse === o.reverse) {
            // Maybe the patch is reversed, or applied already: try the hunk the other way round.
            p.hunk.swap();
            where = applier.locate(p.hunk, fuzz);
            const detected = `${s.reverse ? 'Unreversed' : 'Reversed (or previously applied)'} patch detected!`;
            if (where && s.okToReverse(detected)) s.reverse = !s.reverse;
            else {
              p.hunk.swap();
              if (where) {
                applyAnyway = true;
                fuzz--; // undo the ++fuzz below
                where = 0;
              }
            }
          }
        } while (!s.skipRestOfPatch && !where && ++fuzz <= maxFuzz);
      }
      const inOffset = applier?.inOffset ?? 0;
      const outOffset = applier?.outOffset ?? 0;
      const newWhere = (where ? where : p.hunk.first) + outOffset;
      const creatingOverContent = where === 1 && p.saysNonexistent[s.reverse ? 1 : 0] === 2 && s.instat.size > 0;
      if (s.skipRestOfPatch || creatingOverContent || !where || !applier!.apply(p.hunk, where)) {
        rejects += rejectText(s, p, !failed, outOffset);
        failed++;
        if (s.verbose || (!s.skipRestOfPatch && !s.silent)) {
          const endings = !s.skipRestOfPatch && applier!.lineEndingsDiffer(p.hunk, newWhere);
          s.say(
            `Hunk #${hunk} ${s.skipRestOfPatch ? 'ignored' : 'FAILED'} at ${newWhere}${endings ? ' (different line endings)' : ''}.\n`,
          );
        }
      } else if (s.verbose || (!s.silent && (fuzz || inOffset))) {
        let text = `Hunk #${hunk} succeeded at ${newWhere}`;
        if (fuzz) text += ` with fuzz ${fuzz}`;
        if (inOffset) text += ` (offset ${inOffset} line${inOffset === 1 ? '' : 's'})`;
        s.say(`${text}.\n`);
      }
    }
    if (!s.skipRestOfPatch && applier && !applier.finish()) {
      s.say('Skipping patch.\n');
      s.skipRestOfPatch = true;
    }
  }

  if (!s.skipRestOfPatch && o.output === undefined && out) {
    putInPlace(s, p, run, out, outname!, { hunk, failed, mismatch });
  }
  if (p.diffType !== 'ed' && failed) saveRejects(s, run, outname, rejects, failed, hunk);
}

/** Replaces the patched file, deletes it, or backs it up, as the diff and the outcome say. */
function putInPlace(
  s: Session,
  p: Pch,
  run: Run,
  out: Output,
  outname: string,
  r: { hunk: number; failed: number; mismatch: boolean },
): void {
  const o = s.o;
  const rev = s.reverse ? 1 : 0;
  const fileType = p.fileType ?? 'file';
  const backup = o.backup || (o.backupIfMismatch && (r.mismatch || r.failed > 0));
  const newSaysNonexistent = p.saysNonexistent[rev ? 0 : 1];
  if (out.zeroOutput && (o.removeEmptyFiles || (newSaysNonexistent === 2 && !o.posix) || fileType === 'symlink')) {
    if (!o.dryRun) {
      const st = s.inname === outname && s.instat.node ? { node: s.instat.node } : statFile(s, outname);
      if (!st.node) s.pfatal(`Can't get file attributes of file ${outname}`, 'ENOENT');
      run.deletions.push({ name: outname, backup, node: st.node });
      s.marks.set(st.node, 'delete-later');
    }
    return;
  }
  if (!out.zeroOutput && newSaysNonexistent === 2 && (o.removeEmptyFiles || !o.posix)) {
    r.mismatch = true;
    run.somefailed = true;
    if (!s.silent) s.say(`Not deleting file ${s.q(outname)} as content differs from patch\n`);
  }
  if (o.dryRun) return;
  const oldMode = p.mode[rev];
  const newMode = p.mode[rev ? 0 : 1];
  const setMode = newMode !== 0 && oldMode !== newMode;
  if (r.failed < r.hunk || p.diffType === 'ed' || setMode || p.isCopy || p.isRename) {
    // The mode a git header gives; else an existing file's own, and for a new one what its
    // temporary was made with (0666 less the umask).
    const mode = setMode ? newMode & 0o777 : s.inerrno ? 0o666 & ~UMASK : s.instat.mode & 0o777;
    const before = statFile(s, outname).node;
    moveFile(s, out.text(), outname, mode, backup, fileType === 'symlink');
    if (o.setTime) setTimes(s, p, outname, r, before);
    if (p.isRename) {
      const st = s.instat.node;
      if (st) {
        run.deletions.push({ name: s.inname!, backup, node: st });
        s.marks.set(st, 'delete-later');
      }
    }
  } else if (backup) {
    // Nothing applied: the file stays as it was, backed up as asked.
    createBackup(s, outname, statFile(s, outname).node, true);
  }
}

/** -T, -Z: the patched file gets the time its header gives, if the old one matched. */
function setTimes(
  s: Session,
  p: Pch,
  outname: string,
  r: { failed: number; mismatch: boolean },
  before: VolumeNode | undefined,
): void {
  const rev = s.reverse ? 1 : 0;
  const newTime = p.timestamp[rev ? 0 : 1];
  if (newTime === null) return;
  const oldTime = p.timestamp[rev];
  if (!s.o.force && !s.inerrno && p.saysNonexistent[rev] !== 2 && oldTime !== null && oldTime !== before?.mtim) {
    s.say(`Not setting time of file ${s.q(outname)} (time mismatch)\n`);
  } else if (!s.o.force && (r.mismatch || r.failed)) {
    s.say(`Not setting time of file ${s.q(outname)} (contents mismatch)\n`);
  } else {
    const node = statFile(s, outname).node;
    if (node) node.mtim = node.atim = newTime;
  }
}

/** Says how many hunks failed and writes them to the reject file. */
function saveRejects(
  s: Session,
  run: Run,
  outname: string | null,
  rejects: string,
  failed: number,
  hunk: number,
): void {
  const o = s.o;
  run.somefailed = true;
  s.say(`${failed} out of ${hunk} hunk${hunk === 1 ? '' : 's'} ${s.skipRestOfPatch ? 'ignored' : 'FAILED'}`);
  if (outname === null || o.rejectFile === '-') {
    s.say('\n');
    return;
  }
  const rej = o.rejectFile ?? `${outname}.rej`;
  if (o.dryRun) {
    s.say('\n');
    return;
  }
  s.say(` -- saving rejects to file ${s.q(rej)}\n`);
  const fs = s.fs;
  const data = binToBytes(rejects);
  try {
    if (o.rejectFile !== undefined) {
      if (!run.writtenToRejname) {
        fs.writeFile(s.path(rej), data);
        run.writtenToRejname = true;
      } else fs.openSink(s.path(rej), true)(data);
      return;
    }
    const existing = statFile(s, rej).node;
    if (existing && s.marks.get(existing) === 'created') fs.openSink(s.path(rej), true)(data);
    else moveFile(s, rejects, rej, 0o644, false);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    s.pfatal(`Can't create file ${s.q(rej)}`, e.errno);
  }
}

/** Removes the files the patch deleted, unless a later diff made them anew (delete_files). */
function deleteFiles(s: Session, run: Run): void {
  for (const d of run.deletions) {
    if (s.marks.get(d.node) !== 'delete-later') continue;
    if (s.verbose) s.say(`Removing ${d.node.kind === 'symlink' ? 'symbolic link' : 'file'} ${s.q(d.name)}\n`);
    moveFile(s, null, d.name, 0, d.backup);
    removedirs(s, d.name);
  }
}

/** The patch's bytes: -i's file or PATCHFILE, or stdin. */
function readPatch(s: Session): string {
  const name = s.o.input;
  if (name === undefined || name === '' || name === '-') return bytesToBin(readAll(s.c.stdin));
  try {
    return bytesToBin(s.fs.readFile(s.path(name)));
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    return s.pfatal(`Can't open patch file ${s.q(name)}`, e.errno);
  }
}

/** The working directory after -d's changes. */
function changeDirectories(c: Ctx, directories: string[]): string {
  let cwd = c.spec.cwd;
  for (const d of directories) {
    const fs = new Fs(c.processes.volume, cwd);
    const r = fs.find(d, true);
    const errno = typeof r === 'string' ? r : !r.node ? 'ENOENT' : r.node.kind !== 'dir' ? 'ENOTDIR' : null;
    if (errno) throw new PatchFatal(`Can't change to directory ${quoteName(argToBin(d))} : ${strerror(errno)}`);
    cwd = fs.realpath(d);
  }
  return cwd;
}

function run(c: Ctx): number {
  const cmd = parseCommand(c, (n) => quoteName(n));
  if (cmd.exit) {
    c.out.text(cmd.exit.text);
    return cmd.exit.status;
  }
  const o = cmd.options;
  const fs = new Fs(c.processes.volume, changeDirectories(c, cmd.directories));
  const s = new Session(o, c, fs, o.output === '-' ? c.err : c.out);
  if (o.backup || o.backupIfMismatch) backupStyle(s);
  const run: Run = { somefailed: false, outfile: undefined, writtenToRejname: false, deletions: [] };
  if (o.output !== undefined) {
    run.outfile = new Output();
    if (o.output !== '-') {
      try {
        const existed = fs.lookup(s.path(o.output));
        const f = fs.writeFile(s.path(o.output), new Uint8Array(0), 0o600);
        if (!existed) f.mode = 0o600;
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        s.pfatal(`Can't create file ${s.q(o.output)}`, e.errno);
      }
    }
  }
  try {
    const src = new PatchSource(readPatch(s), (t) => s.say(t));
    const p = new Pch(src, o.diffType);
    // Given ORIGFILE and -o, an empty patch still copies the file to the output.
    let applyEmptyPatch = o.origFile !== undefined && o.output !== undefined;
    while (thereIsAnotherPatch(s, p, !(s.inname || o.posix)) || applyEmptyPatch) {
      patchFile(s, p, run);
      p.reset();
      if (s.inname && o.origFile === undefined) s.inname = null;
      p.diffType = 'none';
      p.revision = null;
      s.reverse = o.reverse;
      s.skipRestOfPatch = false;
      applyEmptyPatch = false;
    }
  } finally {
    writeOutfile(s, run);
  }
  deleteFiles(s, run);
  return run.somefailed ? 1 : 0;
}

/** Writes -o's output: to its file, or to stdout for "-". */
function writeOutfile(s: Session, run: Run): void {
  const name = s.o.output;
  if (name === undefined || !run.outfile) return;
  const data = binToBytes(run.outfile.text());
  if (name === '-') s.c.out.bytes(data);
  else s.fs.openSink(s.path(name), true)(data);
}

const patch = program((c) => {
  try {
    return run(c);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) c.err.text(`patch: ${e.message}\n`);
      c.err.text(`patch: Try '${c.spec.argv[0] ?? 'patch'} --help' for more information.\n`);
      return 2;
    }
    if (e instanceof PatchFatal) {
      if (e.message) c.err.bin(`patch: **** ${e.message}\n`);
      return 2;
    }
    throw e;
  }
});

export const patchPrograms: ReadonlyArray<[string, BuiltinProgram]> = [['patch', patch]];
