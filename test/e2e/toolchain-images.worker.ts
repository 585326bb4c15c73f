// Runs in a Worker of the app's origin (Chromium allows synchronous instantiation of big modules
// only off the main thread): loads the toolchain files, builds an image, and runs command lines
// over one volume of it, timing each. Used by toolchain-images.e2e.ts and bench/toolchain.bench.ts.
import { browserPackageSource } from '../../src/worker/toolchain-loader.ts';
import {
  builtinImage,
  builtinImageFiles,
  type BuiltinImageName,
  type LoadProgress,
} from '../../src/core/images/index.ts';
import { fileNode, graft, imageRootfs, openVolume } from '../../src/core/rootfs/index.ts';
import { ModuleCache, createProcesses } from '../../src/core/runtime/index.ts';

export interface ToolchainJob {
  image: BuiltinImageName;
  commands: string[];
  files: Record<string, string>;
  /** Each run: argv (after the image's env is substituted for $NAME) and cwd. */
  runs: Array<{ argv: string[]; cwd: string }>;
  /** Load twice and report what the second load fetched. */
  loadTwice?: boolean;
}

export interface ToolchainResult {
  firstFetched: string[];
  secondFetched: string[];
  progress: LoadProgress[];
  modules: boolean[];
  digest: string;
  compiles: number;
  loadMs: number;
  imageMs: number;
  runs: Array<{ code: number; stdout: string; stderr: string; ms: number }>;
}

const scope = globalThis as unknown as {
  onmessage: ((e: { data: ToolchainJob }) => void) | null;
  postMessage(m: unknown): void;
};

scope.onmessage = (e) => {
  run(e.data).then(
    (r) => scope.postMessage({ ok: r }),
    (err: unknown) => scope.postMessage({ error: err instanceof Error ? err.message : String(err) }),
  );
};

async function run(job: ToolchainJob): Promise<ToolchainResult> {
  let fetched: string[] = [];
  const realFetch = globalThis.fetch.bind(globalThis);
  const source = browserPackageSource({
    base: new URL('/', location.href).href,
    fetch: (u, init) => {
      fetched.push(String(u));
      return realFetch(u, init);
    },
  });
  const progress: LoadProgress[] = [];
  const t0 = performance.now();
  let files = await source.load(builtinImageFiles(job.image), (p) => progress.push(p));
  const loadMs = performance.now() - t0;
  const firstFetched = fetched;
  fetched = [];
  if (job.loadTwice) files = await source.load(builtinImageFiles(job.image));
  const modules = new ModuleCache();
  const t1 = performance.now();
  const image = await builtinImage(job.image, 'latest', files, { commands: job.commands, modules });
  const imageMs = performance.now() - t1;
  let tree = await imageRootfs(image);
  for (const [path, text] of Object.entries(job.files)) tree = graft(tree, path, fileNode(text));
  const volume = openVolume(tree);
  const env = image.config.config?.Env ?? [];
  const p = createProcesses({ volume, builtins: new Map(), modules });
  const decoder = new TextDecoder();
  const runs: ToolchainResult['runs'] = [];
  for (const r of job.runs) {
    let stdout = '';
    let stderr = '';
    const argv = r.argv.map((w) =>
      w.replace(
        /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
        (_, k: string) => env.find((kv) => kv.startsWith(`${k}=`))?.slice(k.length + 1) ?? '',
      ),
    );
    const t = performance.now();
    const code = await p.spawn({
      argv,
      env,
      cwd: r.cwd,
      stdout: (c) => (stdout += decoder.decode(c)),
      stderr: (c) => (stderr += decoder.decode(c)),
    });
    runs.push({ code, stdout, stderr, ms: performance.now() - t });
  }
  return {
    firstFetched,
    secondFetched: fetched,
    progress,
    modules: files.map((f) => Boolean(f.module)),
    digest: image.manifestDigest,
    compiles: modules.compiles,
    loadMs,
    imageMs,
    runs,
  };
}
