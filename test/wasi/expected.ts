// What each fixture case must print and exit with, on every host (Node runner, CLI, Chromium).
export const bigout = Array.from(
  { length: 40000 },
  (_, i) => `line ${String(i).padStart(8, '0')} abcdefghijklmnopqrstuvwxy\n`,
).join('');

/** What each case must print and exit with, on every host. */
export const EXPECTED: Record<string, { code: number; stdout: string | RegExp; stderr?: string | RegExp }> = {
  hello: { code: 0, stdout: 'Hello, Wasm!\n' },
  args: { code: 0, stdout: 'argc=4\nargv[0]=args.wasm\nargv[1]=one\nargv[2]=two words\nargv[3]=ünï\n' },
  env: { code: 0, stdout: 'A=1\nQUOTED=say "hi"\nEMPTY=\n' },
  cwd: { code: 0, stdout: 'getcwd=/\nPWD=/etc\nhello.txt: hi from the root\n/etc/hello.txt: not found\n' },
  ls: { code: 0, stdout: 'd data\nd etc\nf hello.txt 17\n' },
  fileops: { code: 0, stdout: /ok mkdir\n(ok [^\n]+\n)+ok dir gone\n$/ },
  stdin: { code: 0, stdout: 'HELLO, STDIN\nLINE TWO\n', stderr: 'upper: 22 bytes\n' },
  bigout: { code: 0, stdout: bigout },
  'exit 7': { code: 7, stdout: 'exiting with 7\n', stderr: 'to stderr\n' },
  trap: { code: 137, stdout: 'about to trap\n', stderr: /^wharf: wasm trap: unreachable\n$/ },
  'null call': { code: 137, stdout: 'about to trap\n', stderr: /^wharf: wasm trap: .+\n$/ },
  timeout: { code: 124, stdout: 'looping\n', stderr: 'wharf: timed out after 3 s\n' },
  'listen with no network': {
    code: 1,
    stdout: '',
    stderr:
      'wharf: sock_listen on 127.0.0.1:8080: without shared memory (a page that is not cross-origin isolated) a module cannot serve here; serve it from the command line: wharf run -p PORT:PORT\n' +
      'server: cannot listen on 127.0.0.1 port 8080: Not supported\n',
  },
  'connect with no network': {
    code: 1,
    stdout: '',
    stderr:
      'wharf: sock_connect to 93.184.216.34:80: a browser page cannot open outgoing TCP connections\n' +
      'poll-server: connect: Network unreachable\n',
  },
};
