// @ts-check
// `npm test`: the checks (formatting, types) beside the Node suites, then the browser suites.
// The checks use about one core and the Node suites most of two: side by side they end ~20 s
// sooner than one after the other. The checks' output is held and printed once they end, so it
// does not interleave with Vitest's.
import { spawn } from 'node:child_process';

/**
 * Runs `npm run -s SCRIPT`; its output goes to the terminal, or is collected when `held`.
 * @param {string} script
 * @param {boolean} held
 * @returns {Promise<{ code: number, output: string }>}
 */
function npmRun(script, held) {
  const child = spawn('npm', ['run', '-s', script], { stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  return new Promise((resolve) => {
    child.on('error', (e) => resolve({ code: 1, output: `${output}npm run ${script}: ${e.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const [check, node] = await Promise.all([npmRun('check', true), npmRun('test:node', false)]);
process.stdout.write(check.output);
if (check.code !== 0) console.error(`npm run check failed (exit ${check.code})`);
if (node.code !== 0) console.error(`npm run test:node failed (exit ${node.code})`);
if (check.code !== 0 || node.code !== 0) process.exit(1);
const e2e = await npmRun('test:e2e', false);
process.exit(e2e.code);
