// Dockerfile instructions and their flags, with one-line docs for completion and hover.
// Text follows the Dockerfile reference: https://docs.docker.com/reference/dockerfile/

export interface InstructionDoc {
  name: string;
  syntax: string;
  doc: string;
  flags: string[];
}

export const INSTRUCTIONS: InstructionDoc[] = [
  {
    name: 'FROM',
    syntax: 'FROM [--platform=<platform>] <image> [AS <name>]',
    doc: 'Starts a build stage from a base image. `scratch` is the empty image; a previous stage may be named.',
    flags: ['--platform='],
  },
  {
    name: 'COPY',
    syntax:
      'COPY [--from=<stage>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--parents] [--exclude=<pattern>] <src>... <dest>',
    doc: 'Copies files from the build context (or another stage with `--from`) into the image.',
    flags: ['--from=', '--chown=', '--chmod=', '--link', '--parents', '--exclude='],
  },
  {
    name: 'ADD',
    syntax: 'ADD [--chown=<user>:<group>] [--chmod=<perms>] [--checksum=<digest>] <src>... <dest>',
    doc: 'Like COPY, and also fetches URLs and unpacks local tar archives.',
    flags: ['--chown=', '--chmod=', '--checksum=', '--keep-git-dir=', '--link', '--exclude='],
  },
  {
    name: 'ENTRYPOINT',
    syntax: 'ENTRYPOINT ["/module.wasm", "arg"]',
    doc: 'The program the container runs: for Wasm images, the absolute path of the module in the image.',
    flags: [],
  },
  {
    name: 'CMD',
    syntax: 'CMD ["arg1", "arg2"]',
    doc: 'Default arguments after the ENTRYPOINT; replaced by the arguments given to run.',
    flags: [],
  },
  {
    name: 'ENV',
    syntax: 'ENV <key>=<value> ...',
    doc: 'Sets environment variables for later instructions and for the running container.',
    flags: [],
  },
  {
    name: 'ARG',
    syntax: 'ARG <name>[=<default value>]',
    doc: 'Declares a build-time variable, set with --build-arg; not kept in the image.',
    flags: [],
  },
  {
    name: 'WORKDIR',
    syntax: 'WORKDIR /path',
    doc: 'Sets the working directory for later instructions and the container (passed to WASI programs as PWD).',
    flags: [],
  },
  { name: 'LABEL', syntax: 'LABEL <key>=<value> ...', doc: 'Adds metadata to the image config.', flags: [] },
  {
    name: 'USER',
    syntax: 'USER <user>[:<group>]',
    doc: 'Sets the user the container runs as (recorded in the config).',
    flags: [],
  },
  {
    name: 'EXPOSE',
    syntax: 'EXPOSE <port>[/<protocol>] ...',
    doc: 'Documents the ports the container listens on.',
    flags: [],
  },
  { name: 'VOLUME', syntax: 'VOLUME ["/data"]', doc: 'Declares mount points for external volumes.', flags: [] },
  { name: 'STOPSIGNAL', syntax: 'STOPSIGNAL <signal>', doc: 'The signal sent to stop the container.', flags: [] },
  {
    name: 'SHELL',
    syntax: 'SHELL ["executable", "parameters"]',
    doc: 'The shell used by the shell form of RUN, CMD and ENTRYPOINT.',
    flags: [],
  },
  {
    name: 'HEALTHCHECK',
    syntax: 'HEALTHCHECK [OPTIONS] CMD command | NONE',
    doc: 'How to test that the container still works.',
    flags: ['--interval=', '--timeout=', '--start-period=', '--start-interval=', '--retries='],
  },
  {
    name: 'ONBUILD',
    syntax: 'ONBUILD <INSTRUCTION>',
    doc: 'An instruction to run when this image is used as a base.',
    flags: [],
  },
  {
    name: 'RUN',
    syntax: 'RUN <command>',
    doc: 'Runs a command at build time. Not available in the browser: there is no shell to run it in; build the module beforehand and COPY it.',
    flags: ['--mount=', '--network=', '--security='],
  },
  {
    name: 'MAINTAINER',
    syntax: 'MAINTAINER <name>',
    doc: 'Deprecated: use LABEL org.opencontainers.image.authors=<name>.',
    flags: [],
  },
];

export const INSTRUCTION_BY_NAME = new Map(INSTRUCTIONS.map((i) => [i.name, i]));
