// Redirections and pipes writing into a real Volume: what lands there is the RUN step's layer.
import { describe, expect, it } from 'vitest';
import { openVolume, volumeChanges } from '../../../../src/core/rootfs/index.ts';
import { image, node, NOW, read, sh } from '../processes.ts';

describe('redirections', () => {
  it('> creates (0644, stamped by the volume clock), >> appends, < reads', async () => {
    const r = await sh('echo one > /out; echo two >> /out; cat < /out; wc -l < /out', { files: { '/tmp/.keep': '' } });
    expect(r.out, 'stdout').toBe('one\ntwo\n2\n');
    expect(read(r.volume, '/out'), '/out').toBe('one\ntwo\n');
    const f = node(r.volume, '/out')!;
    expect([f.mode.toString(8), f.mtim], 'mode and mtime of /out').toEqual(['644', NOW]);
  });

  it('> truncates a file that exists, keeping its mode', async () => {
    const r = await sh('echo new > /f', { files: { '/f': { data: 'old old old\n', mode: 0o755 } } });
    expect([read(r.volume, '/f'), node(r.volume, '/f')!.mode.toString(8)], '/f').toEqual(['new\n', '755']);
  });

  it('2>&1 and >&2 duplicate in order; 2>/dev/null discards', async () => {
    const r = await sh(
      'ls /nope > /both 2>&1; ls /nope 2>&1 > /only-out; echo to-err >&2; ls /nope 2>/dev/null; echo $?',
    );
    expect(read(r.volume, '/both'), '/both').toBe("ls: cannot access '/nope': No such file or directory\n");
    expect(read(r.volume, '/only-out'), '/only-out').toBe('');
    expect(r.out, 'stdout: 2>&1 then > sends errors to the old stdout').toBe(
      "ls: cannot access '/nope': No such file or directory\n2\n",
    );
    expect(r.err, 'stderr').toBe('to-err\n');
  });

  it('/dev/null, /dev/stdout and /dev/stderr work with no /dev in the volume', async () => {
    const r = await sh(
      'echo gone > /dev/null; cat /dev/null; echo err > /dev/stderr; echo out > /dev/stdout; wc -c < /dev/null',
    );
    expect([r.out, r.err], 'output').toEqual(['out\n0\n', 'err\n']);
    expect(node(r.volume, '/dev'), '/dev created').toBeUndefined();
  });

  it("failing redirections: sh's messages, status 2, the command does not run", async () => {
    const r = await sh('echo x > /no/dir/f; echo $?; cat < /missing; echo $?; echo y > /');
    expect(r.out, 'stdout').toBe('2\n2\n');
    expect(r.err, 'stderr').toBe(
      '/bin/sh: 1: cannot create /no/dir/f: Directory nonexistent\n' +
        '/bin/sh: 1: cannot open /missing: No such file\n' +
        '/bin/sh: 1: cannot create /: Is a directory\n',
    );
  });

  it('set -C refuses to clobber; >| does anyway', async () => {
    const r = await sh('echo 1 > /f; set -C; echo 2 > /f; echo $?; echo 3 >| /f; cat /f');
    expect([r.out, r.err], 'output').toEqual(['2\n3\n', '/bin/sh: 1: cannot create /f: File exists\n']);
  });

  it('exec with only redirections applies them to the rest of the script', async () => {
    const r = await sh('exec > /log 2>&1; echo a; ls /nope; echo b');
    expect([r.out, read(r.volume, '/log')], 'stdout and /log').toEqual([
      '',
      "a\nls: cannot access '/nope': No such file or directory\nb\n",
    ]);
  });

  it('here-documents: expanded unless the delimiter is quoted; <<- strips tabs', async () => {
    const r = await sh(
      "x=42\ncat <<EOF\nx=$x $(echo sub) \\$x\nEOF\ncat <<'EOF'\nx=$x\nEOF\ncat <<-END\n\t\tindented\n\tEND\n",
    );
    expect(r.out, 'stdout').toBe('x=42 sub $x\nx=$x\nindented\n');
  });

  it('a here-document feeds a compound command and a pipeline', async () => {
    const r = await sh('while read l; do echo "<$l>"; done <<EOF\na\nb\nEOF\ntr a-z A-Z <<EOF | sort -r\nx\ny\nEOF');
    expect(r.out, 'stdout').toBe('<a>\n<b>\nY\nX\n');
  });

  it('redirections on compound commands and functions', async () => {
    const r = await sh(
      '{ echo a; echo b; } > /g; for i in 1 2; do echo $i; done > /loop; f() { echo in-f; } ; f > /fn; cat /g /loop /fn',
    );
    expect(r.out, 'stdout').toBe('a\nb\n1\n2\nin-f\n');
  });

  it('pipes carry bytes unchanged, also bytes that are not UTF-8', async () => {
    const bytes = new Uint8Array([0xff, 0x00, 0x80, 0x0a, 0xc3, 0xa9]);
    const r = await sh('cat /bin.dat | cat > /copy; cat /bin.dat | wc -c', { files: { '/bin.dat': bytes } });
    const copy = node(r.volume, '/copy');
    expect(copy?.kind === 'file' && [...copy.content.bytes()], '/copy').toEqual([...bytes]);
    expect(r.out, 'wc -c').toBe('6\n');
  });

  it("what a script changes is what volumeChanges reports: the RUN step's layer", async () => {
    const tree = image({ '/app/keep.txt': 'keep\n', '/app/old.txt': 'old\n', '/app/edit.txt': 'v1\n' });
    const volume = openVolume(tree, () => NOW);
    await sh(
      'cd /app && rm old.txt && echo v2 > edit.txt && mkdir -p gen/sub && echo made > gen/sub/new.txt && ln -s new.txt gen/sub/link',
      { volume },
    );
    const changes = volumeChanges(volume, tree, '/app').map((c) =>
      c.op === 'write' ? { ...c, data: new TextDecoder().decode(c.data) } : c,
    );
    expect(changes, 'changes under /app').toEqual([
      { op: 'remove', path: 'old.txt' },
      { op: 'write', path: 'edit.txt', mode: 0o644, data: 'v2\n' },
      { op: 'mkdir', path: 'gen', mode: 0o755 },
      { op: 'mkdir', path: 'gen/sub', mode: 0o755 },
      { op: 'write', path: 'gen/sub/new.txt', mode: 0o644, data: 'made\n' },
      { op: 'symlink', path: 'gen/sub/link', target: 'new.txt' },
    ]);
  });
});
