import { ensureCommands } from '../support/system-tools.ts';

export default function setup(): void {
  ensureCommands(['skopeo', 'umoci', 'wat2wasm', 'docker-registry', 'htpasswd', 'openssl']);
}
