// The fixture programs and what each run is given: shared by the Node tests (fixtures.test.ts)
// and the Chromium Worker test (e2e/wasi-worker.e2e.ts), so both hosts run the same cases.
export interface FixtureCase {
  name: string;
  wasm: string;
  args: string[];
  env: string[];
  /** Files of the root tree: path -> text. Directories are implied. */
  files?: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
}

export const FILES = { 'hello.txt': 'hi from the root\n', 'etc/motd': 'welcome\n', 'data/a.txt': 'aaa' };

export const CASES: FixtureCase[] = [
  { name: 'hello', wasm: 'hello', args: [], env: [] },
  { name: 'args', wasm: 'args', args: ['one', 'two words', 'ünï'], env: [] },
  { name: 'env', wasm: 'env', args: [], env: ['A=1', 'QUOTED=say "hi"', 'EMPTY='] },
  { name: 'cwd', wasm: 'cwd', args: ['hello.txt'], env: ['PWD=/etc'], files: FILES },
  { name: 'ls', wasm: 'ls', args: ['/'], env: [], files: FILES },
  { name: 'fileops', wasm: 'fileops', args: ['/tmp'], env: [], files: FILES },
  { name: 'stdin', wasm: 'upper', args: [], env: [], stdin: 'hello, stdin\nline two\n' },
  { name: 'bigout', wasm: 'bigout', args: [], env: [] },
  { name: 'exit 7', wasm: 'exitcode', args: [], env: [] },
  { name: 'trap', wasm: 'trap', args: [], env: [] },
  { name: 'null call', wasm: 'trap', args: ['null'], env: [] },
  { name: 'timeout', wasm: 'loop', args: [], env: [], timeoutMs: 3000 },
  // A run with no network (the page's today): a server cannot listen, a client cannot connect;
  // each says so and exits, nothing crashes.
  { name: 'listen with no network', wasm: 'http-server', args: ['8080', '127.0.0.1'], env: [] },
  { name: 'connect with no network', wasm: 'poll-server', args: ['get', '93.184.216.34', '80', '/'], env: [] },
];
