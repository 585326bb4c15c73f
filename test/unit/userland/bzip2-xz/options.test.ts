// bzip2's and xz's command lines against Debian's bzip2 1.0.8 and xz 5.4.1
// (test/fixtures/debian/bzip2-xz/options.cases.mjs).
import { describe } from 'vitest';
import { recordedCases } from '../recorded.ts';

const cases = await recordedCases('bzip2-xz/options');
describe("bzip2's and xz's options, usage and version, as Debian prints them", () => cases());
