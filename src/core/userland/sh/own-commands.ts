// echo and pwd as dash has them built in, which differ from coreutils' /bin/echo and /bin/pwd:
// dash's echo takes only -n and always reads escapes; its pwd is the logical directory (-L)
// unless told -P. https://man7.org/linux/man-pages/man1/dash.1.html
import type { BuiltinProgram } from '../../runtime/process.ts';
import { argToBin, ECHO_ESCAPES, opt, options, program, unescape } from '../lib/index.ts';

export const dashEcho: BuiltinProgram = program((c) => {
  let args = c.args;
  let newline = true;
  if (args[0] === '-n') {
    newline = false;
    args = args.slice(1);
  }
  const r = unescape(argToBin(args.join(' ')), ECHO_ESCAPES);
  c.out.bin(r.text + (newline && !r.stop ? '\n' : ''));
  return 0;
});

const PWD = options({ physical: opt.choice(false, { L: false, P: true }) });

export const dashPwd: BuiltinProgram = program((c) => {
  const { opts } = PWD.parse(c.args);
  c.out.text(`${opts.physical ? c.fs.realpath(c.spec.cwd) : c.spec.cwd}\n`);
  return 0;
});
