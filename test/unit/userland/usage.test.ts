// Every program on PATH against Debian's own for bad usage (test/fixtures/debian/usage/): an
// unknown option, long and short, gets the same words, usage and exit status.
import { describe } from 'vitest';
import { recordedCases } from './recorded.ts';

const cases = await recordedCases('usage/bad-options');
describe('bad usage, as Debian says it', () => cases());
