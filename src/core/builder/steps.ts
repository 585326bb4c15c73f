// The metadata instructions: each changes the stage's image config and records history; none
// makes a layer except WORKDIR when it has to create its directory.

import type { CommandLine, HealthcheckInstruction, Instruction } from '../dockerfile/types.ts';
import { WharfError, located } from '../errors.ts';
import { lookup, volumeMkdirAll, type Volume } from '../rootfs/index.ts';
import { clean, join } from '../path.ts';
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
 * Apply a metadata instruction, already expanded (expandInstruction). Only WORKDIR writes to
 * the step's volume (`vol`, opened over the stage's tree), when its directory is missing.
 */
export function applyMetadata(ins: Instruction, s: StageState, vol: Volume, env: StepEnv): void {
  const img = s.image;
  switch (ins.kind) {
    case 'ENV':
      for (const p of ins.pairs) img.setEnv(p.key, p.value);
      return;
    case 'LABEL':
      for (const p of ins.pairs) img.addLabel(p.key, p.value);
      return;
    case 'ARG':
      for (const a of ins.args) {
        s.args.set(a.key, env.argValue(a.key, a.value));
      }
      return;
    case 'ENTRYPOINT':
      img.setEntrypoint(commandArgv(ins.command, s));
      return;
    case 'CMD':
      img.setCmd(commandArgv(ins.command, s));
      return;
    case 'USER':
      img.config.User = ins.user;
      return;
    case 'EXPOSE':
      img.expose(ins.ports);
      return;
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
      return;
    case 'STOPSIGNAL':
      img.config.StopSignal = ins.signal;
      return;
    case 'SHELL':
      img.config.Shell = [...ins.shell];
      return;
    case 'MAINTAINER':
      img.author = ins.maintainer;
      return;
    case 'ONBUILD':
      img.addOnBuild(ins.expression);
      return;
    case 'HEALTHCHECK':
      applyHealthcheck(ins, s);
      return;
    case 'WORKDIR':
      workdir(ins.path, s, vol, env, ins.line);
      return;
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
function workdir(path: string, s: StageState, vol: Volume, env: StepEnv, line: number): void {
  if (path === '') throw located('DOCKERFILE_SEMANTIC', { file: env.file, line }, 'WORKDIR cannot be empty');
  const abs = clean(path.startsWith('/') ? path : join(s.image.config.WorkingDir || '/', path));
  s.image.config.WorkingDir = abs;
  if (lookup(s.fs, abs)?.kind === 'dir') return;
  let owner = { uid: 0, gid: 0 };
  const user = s.image.config.User;
  if (user) {
    try {
      owner = resolveChown(user, s.fs);
    } catch {
      // BuildKit creates the directory as root when the user cannot be resolved in the rootfs.
    }
  }
  volumeMkdirAll(vol, abs, { mode: 0o755, ...owner });
}
