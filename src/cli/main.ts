// Wharf's command line: the same core as the playground, over Node's files and streams.
// Each command lives in its own module and returns the process exit code.

const USAGE = `usage: wharf <command> [options]

commands:
  build [-f DOCKERFILE] [-t REF] [--build-arg K=V]... [--target STAGE] [--platform P]
        [--compression gzip|uncompressed] -o OUT.tar CONTEXT
  build --check [-f DOCKERFILE] CONTEXT
  run [-e K=V]... [-v HOSTDIR:GUESTDIR]... [-p [IP:][HOSTPORT:]CONTAINERPORT]... [-w DIR]
      [--entrypoint PATH] [--timeout SEC] [--request-timeout SEC] TARGET [ARGS...]
                                TARGET: an image tarball, a .wasm file or an image reference
                                (an OCI Wasm artifact too); a wasi:http component, or a
                                module listening on a socket, serves until Ctrl-C or --timeout
  inspect TARGET                print the index, manifest and config as JSON
  pull [--creds USER:PASS] [--insecure] REF -o OUT.tar
  push [--creds USER:PASS] [--insecure] [--as-artifact] [--annotation K=V]... SOURCE REF
                                SOURCE: an image tarball, or a .wasm pushed as an OCI
                                Wasm artifact (as wkg oci push); --as-artifact pushes an
                                image's module so (as oci-tar-builder --as-artifact)

Registries: credentials from --creds, else Docker's config.json ($DOCKER_CONFIG, else
~/.docker/config.json); loopback registries over plain HTTP, others need --insecure for it.
`;

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  build: async () => (await import('./build.ts')).buildCommand,
  run: async () => (await import('./run.ts')).runCommand,
  inspect: async () => (await import('./inspect.ts')).inspectCommand,
  pull: async () => (await import('./pull.ts')).pullCommand,
  push: async () => (await import('./push.ts')).pushCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`wharf: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  return (await load())(rest);
}

// `npm run wharf` runs in the package root; paths on the command line are relative to where
// the user typed it, which npm passes as INIT_CWD.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`wharf: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
