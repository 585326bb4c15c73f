// Terminal output as plain text for the screen-reader mirror of the Output log: drop ANSI
// escape sequences (CSI, OSC, single-character escapes) and carriage-return overdraws.

// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;

export function stripAnsi(text: string): string {
  return text.replace(ESCAPES, '');
}

/** xterm needs CRLF; programs write LF. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
