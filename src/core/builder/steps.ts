// The metadata instructions: each changes the stage's image config and records history; none
// makes a layer except WORKDIR when it has to create its directory.

import type { CommandLine, HealthcheckInstruction, Instruction } from '../dockerfile/types.ts';
import { WharfError, located } from '../errors.ts';
import { clean, join, toKey } from './path.ts';
import { resolveChown } from './chown.ts';
import type { StageState } from './stage-state.ts';

export interface StepEnv {
  file: string;
  escape: '\\' | '`';
  /** The value an ARG takes: --build-arg, then the platform ARGs, then its default, then the global. */
  argValue(name: string, def: string | undefined): string | undefined;
}

function commandArgv(cmd: CommandLine, s: StageState): string[] {
  if (cmd.form === 'exec') return [...cmd.args];
  const shell = s.image.config.Shell ?? ['/bin/sh', '-c'];
  return [...shell, cmd.args.join(' ')];
}

/**
 * Apply a metadata instruction, already expanded (expandInstruction). Returns the keys it
 * changed in the filesystem (only WORKDIR creates anything).
 */
export function applyMetadata(ins: Instruction, s: StageState, env: StepEnv): { changed: string[] } {
  const img = s.image;
  switch (ins.kind) {
    case 'ENV':
      for (const p of ins.pairs) img.setEnv(p.key, p.value);
      return { changed: [] };
    case 'LABEL':
      for (const p of ins.pairs) img.addLabel(p.key, p.value);
      return { changed: [] };
    case 'ARG':
      for (const a of ins.args) {
        s.args.set(a.key, env.argValue(a.key, a.value));
      }
      return { changed: [] };
    case 'ENTRYPOINT':
      img.setEntrypoint(commandArgv(ins.command, s));
      return { changed: [] };
    case 'CMD':
      img.setCmd(commandArgv(ins.command, s));
      return { changed: [] };
    case 'USER':
      img.config.User = ins.user;
      return { changed: [] };
    case 'EXPOSE':
      img.expose(ins.ports);
      return { changed: [] };
    case 'VOLUME':
      for (const path of ins.volumes) {
        if (path.trim() === '')
          throw located(
            'DOCKERFILE_SEMANTIC',
            { file: env.file, line: ins.line },
            'VOLUME specified can not be an empty string',
          );
        img.addVolume(path);
      }
      return { changed: [] };
    case 'STOPSIGNAL':
      img.config.StopSignal = ins.signal;
      return { changed: [] };
    case 'SHELL':
      img.config.Shell = [...ins.shell];
      return { changed: [] };
    case 'MAINTAINER':
      img.author = ins.maintainer;
      return { changed: [] };
    case 'ONBUILD':
      img.addOnBuild(ins.expression);
      return { changed: [] };
    case 'HEALTHCHECK':
      applyHealthcheck(ins, s);
      return { changed: [] };
    case 'WORKDIR':
      return { changed: workdir(ins.path, s, env, ins.line) };
    default:
      throw new WharfError('INTERNAL', `${ins.kind} is not a metadata instruction`);
  }
}

function applyHealthcheck(ins: HealthcheckInstruction, s: StageState): void {
  if (ins.type === 'NONE') {
    s.image.config.Healthcheck = { Test: ['NONE'] };
    return;
  }
  const cmd = ins.command!;
  const test = cmd.form === 'exec' ? ['CMD', ...cmd.args] : ['CMD-SHELL', cmd.args.join(' ')];
  const h: NonNullable<typeof s.image.config.Healthcheck> = { Test: test };
  if (ins.interval !== undefined) h.Interval = ins.interval;
  if (ins.timeout !== undefined) h.Timeout = ins.timeout;
  if (ins.startPeriod !== undefined) h.StartPeriod = ins.startPeriod;
  if (ins.startInterval !== undefined) h.StartInterval = ins.startInterval;
  if (ins.retries !== undefined) h.Retries = ins.retries;
  s.image.config.Healthcheck = h;
}

/** WORKDIR: relative to the previous one; creates the directory (owned by USER) when missing. */
function workdir(path: string, s: StageState, env: StepEnv, line: number): string[] {
  if (path === '') throw located('DOCKERFILE_SEMANTIC', { file: env.file, line }, 'WORKDIR cannot be empty');
  const abs = clean(path.startsWith('/') ? path : join(s.image.config.WorkingDir || '/', path));
  s.image.config.WorkingDir = abs;
  const key = toKey(abs);
  if (key === '' || s.fs.isDir(key)) return [];
  let owner = { uid: 0, gid: 0 };
  const user = s.image.config.User;
  if (user) {
    try {
      owner = resolveChown(user, s.fs);
    } catch {
      // BuildKit creates the directory as root when the user cannot be resolved in the rootfs.
    }
  }
  const created = s.fs.ensureParents(key, 0o755, owner.uid, owner.gid);
  s.fs.set(key, { type: 'directory', mode: 0o755, uid: owner.uid, gid: owner.gid });
  return [...created, key];
}
