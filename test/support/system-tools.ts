// Tests use real tools (Chromium, Firefox ESR, skopeo, umoci, clang). When one is missing, install it from
// Debian's packages if we can (root, apt-get present); otherwise fail naming what to install.
import { execFileSync, spawnSync } from 'node:child_process';

/** command name -> Debian package that provides it */
const PACKAGES: Record<string, string> = {
  chromium: 'chromium',
  'firefox-esr': 'firefox-esr',
  skopeo: 'skopeo',
  umoci: 'umoci',
  clang: 'clang',
  'wasm-ld': 'lld',
  wat2wasm: 'wabt',
  'docker-registry': 'docker-registry',
  htpasswd: 'apache2-utils',
  ab: 'apache2-utils',
  openssl: 'openssl',
  curl: 'curl',
};

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

export function ensureCommands(commands: string[]): void {
  const missing = commands.filter((c) => !hasCommand(c));
  if (missing.length === 0) return;
  const packages = missing.map((c) => PACKAGES[c] ?? c);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasCommand('apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  }
  const still = commands.filter((c) => !hasCommand(c));
  if (still.length > 0) {
    throw new Error(
      `These tests need ${still.join(', ')}. Install them: apt-get install -y ${still
        .map((c) => PACKAGES[c] ?? c)
        .join(' ')}`,
    );
  }
}
