// md5sum, sha*sum, b2sum, cksum and sum against GNU coreutils 9.1's outputs
// (test/fixtures/debian/coreutils/checksums.cases.mjs).
import { describe } from 'vitest';
import { recordedCases } from '../recorded.ts';

const cases = await recordedCases('coreutils/checksums');
describe('checksums, as Debian prints them', () => cases());
