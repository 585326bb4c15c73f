// The `wharf` command as `npm run wharf` starts it, for tests that spawn it as a user would.
import { join } from 'node:path';

const launcher = join(import.meta.dirname, '../../src/cli/wharf.mjs');

/** process.execPath's arguments for `wharf ARGS...`. */
export function wharfArgs(args: string[]): string[] {
  return [launcher, ...args];
}
