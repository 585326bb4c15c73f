// truncate, dd, link, unlink and sync against GNU coreutils 9.1's outputs
// (test/fixtures/debian/coreutils/files.cases.mjs).
import { describe } from 'vitest';
import { recordedCases } from '../recorded.ts';

const cases = await recordedCases('coreutils/files');
describe('truncate, dd, link, unlink and sync, as Debian prints them', () => cases());
