// A stage's image metadata as instructions change it, with BuildKit's rules (ENV replaces in
// place, ENTRYPOINT clears an inherited CMD, EXPOSE ranges expand, BuildKit's default PATH).
// https://docs.docker.com/reference/dockerfile/

import type { ContainerConfig, HistoryEntry, ImageConfig } from '../oci/types.ts';
import { DEFAULT_PATH } from '../runtime/index.ts';

export class ImageState {
  config: ContainerConfig;
  history: HistoryEntry[];
  author: string | undefined;
  /** CMD set in this stage (an inherited CMD is cleared by ENTRYPOINT, a local one is not). */
  cmdSet = false;

  constructor(base?: ImageConfig) {
    this.config = structuredClone(base?.config ?? {});
    this.history = structuredClone(base?.history ?? []);
    this.author = base?.author;
    // BuildKit's empty image (FROM scratch) has WorkingDir "/"; an image keeps its own.
    if (!base) this.config.WorkingDir = '/';
    // BuildKit's default PATH for non-Windows platforms (system.DefaultPathEnvUnix) is Docker's.
    if (!this.getEnv('PATH')) this.setEnv('PATH', DEFAULT_PATH);
  }

  /** An independent copy, for a stage that starts FROM an earlier stage. */
  clone(): ImageState {
    const c = new ImageState({
      config: this.config,
      history: this.history,
      rootfs: { type: 'layers', diff_ids: [] },
      architecture: '',
      os: '',
    });
    c.author = this.author;
    return c;
  }

  /** The value of `name` in Env, or undefined. */
  getEnv(name: string): string | undefined {
    for (const kv of this.config.Env ?? []) {
      const i = kv.indexOf('=');
      if ((i < 0 ? kv : kv.slice(0, i)) === name) return i < 0 ? '' : kv.slice(i + 1);
    }
    return undefined;
  }

  setEnv(name: string, value: string): void {
    const env = (this.config.Env ??= []);
    const i = env.findIndex((kv) => kv === name || kv.startsWith(name + '='));
    if (i >= 0) env[i] = `${name}=${value}`;
    else env.push(`${name}=${value}`);
  }

  envMap(): Map<string, string> {
    const m = new Map<string, string>();
    for (const kv of this.config.Env ?? []) {
      const i = kv.indexOf('=');
      m.set(i < 0 ? kv : kv.slice(0, i), i < 0 ? '' : kv.slice(i + 1));
    }
    return m;
  }

  setEntrypoint(argv: string[]): void {
    this.config.Entrypoint = argv;
    // BuildKit drops an inherited CMD (Go nil, omitted from the JSON); a CMD of this stage stays.
    if (!this.cmdSet) delete this.config.Cmd;
  }

  setCmd(argv: string[]): void {
    this.config.Cmd = argv;
    this.cmdSet = true;
  }

  addLabel(key: string, value: string): void {
    (this.config.Labels ??= {})[key] = value;
  }

  expose(ports: string[]): void {
    const exposed = (this.config.ExposedPorts ??= {});
    for (const p of ports) for (const key of expandPort(p)) exposed[key] = {};
  }

  addVolume(path: string): void {
    (this.config.Volumes ??= {})[path] = {};
  }

  addOnBuild(trigger: string): void {
    (this.config.OnBuild ??= []).push(trigger);
  }

  record(createdBy: string, created: string, emptyLayer: boolean, comment?: string): void {
    const h: HistoryEntry = { created, created_by: createdBy };
    if (comment) h.comment = comment;
    if (emptyLayer) h.empty_layer = true;
    this.history.push(h);
  }
}

/** "80", "80/udp", "8000-8002/tcp" -> ["80/tcp"], ["80/udp"], ["8000/tcp", "8001/tcp", "8002/tcp"]. */
export function expandPort(spec: string): string[] {
  const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(spec);
  if (!m) return [spec.includes('/') ? spec.toLowerCase() : `${spec}/tcp`];
  const proto = (m[3] ?? 'tcp').toLowerCase();
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  const out: string[] = [];
  for (let p = start; p <= end && out.length < 65536; p++) out.push(`${p}/${proto}`);
  return out;
}
