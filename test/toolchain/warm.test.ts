// A host warms a toolchain it keeps before anyone builds: the image is made, clang compiled and
// run once, and the build that follows gets that image and that compiled module.
import { describe, expect, it } from 'vitest';
import { nodePackageSource } from '../../src/cli/packages.ts';
import { KEPT_ONLY_MISS, toolchainHost, type PackageSource } from '../../src/core/images/index.ts';
import { WharfError } from '../../src/core/errors.ts';

describe('ToolchainHost.warm', () => {
  it('makes wasi-sdk and runs clang once; a later resolve is the same image, nothing compiles again', async () => {
    const host = toolchainHost(nodePackageSource());
    expect(await host.warm(['ghcr.io/webassembly/wasi-sdk:wasi-sdk-25', 'docker.io/library/alpine']), 'warm').toBe(
      true,
    );
    expect(host.modules.compiles, 'modules compiled by the warm-up').toBe(1);
    const again = await host.baseImages.resolve('wasi-sdk');
    const other = await host.baseImages.resolve('wasi-sdk');
    expect(again!.image, 'image after the warm-up').toBe(other!.image);
    expect(await host.warm(['wasi-sdk']), 'a second warm-up').toBe(true);
    expect(host.modules.compiles, 'modules compiled in all').toBe(1);
  });

  it('skips its own compile when a build started meanwhile (it compiles for real)', async () => {
    const host = toolchainHost(nodePackageSource());
    expect(await host.warm(['wasi-sdk'], () => false), 'warm').toBe(true);
    expect(host.modules.compiles, 'modules compiled by the warm-up').toBe(0);
  });

  it('gives up when the host does not keep the files, and leaves the load to a build', async () => {
    const node = nodePackageSource();
    const asked: boolean[] = [];
    const notKept: PackageSource = {
      load: (refs, onProgress, o) => {
        asked.push(o?.keptOnly ?? false);
        if (o?.keptOnly) return Promise.reject(new WharfError('NOT_FOUND', `x: ${KEPT_ONLY_MISS}`));
        return node.load(refs, onProgress);
      },
    };
    const host = toolchainHost(notKept);
    expect(await host.warm(['python-wasi']), 'warm').toBe(false);
    expect((await host.baseImages.resolve('python-wasi'))?.ref, 'a build resolves it').toBe('python-wasi:latest');
    expect(asked, 'loads (keptOnly?)').toEqual([true, false]);
  });
});
