// Docker's signal.ParseSignal (moby/sys/signal), for STOPSIGNAL: which names and numbers are
// signals.

const signals = [
  'ABRT',
  'ALRM',
  'BUS',
  'CHLD',
  'CLD',
  'CONT',
  'FPE',
  'HUP',
  'ILL',
  'INT',
  'IO',
  'IOT',
  'KILL',
  'PIPE',
  'POLL',
  'PROF',
  'PWR',
  'QUIT',
  'SEGV',
  'STKFLT',
  'STOP',
  'SYS',
  'TERM',
  'TRAP',
  'TSTP',
  'TTIN',
  'TTOU',
  'URG',
  'USR1',
  'USR2',
  'VTALRM',
  'WINCH',
  'XCPU',
  'XFSZ',
];

/** A signal as Docker's signal.ParseSignal accepts it: a number, NAME, SIGNAME or SIGRTMIN+n. */
export function isSignal(s: string): boolean {
  if (/^\d+$/.test(s)) return Number(s) > 0;
  const name = s.toUpperCase().replace(/^SIG/, '');
  if (signals.includes(name)) return true;
  const rt = /^RT(MIN|MAX)([+-]\d+)?$/.exec(name);
  return rt !== null;
}
