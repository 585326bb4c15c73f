// base64 and base32 against GNU coreutils 9.1's outputs (test/fixtures/debian/coreutils/encodings.cases.mjs).
import { describe } from 'vitest';
import { recordedCases } from '../recorded.ts';

const cases = await recordedCases('coreutils/encodings');
describe('base64 and base32, as Debian prints them', () => cases());
