// Dockerfile frontend speed in Node: the hello-world Dockerfile (part of the "warm hello build
// under 10 ms" budget) and a large multi-stage file with continuations, heredocs and expansion.
import type { Bench } from './context.ts';
import { expandInstruction, parseDockerfile } from '../src/core/dockerfile/index.ts';

const hello = 'FROM scratch\nCOPY hello-world.wasm /hello-world.wasm\nENTRYPOINT ["/hello-world.wasm"]\n';

function large(stages: number): string {
  let s = '# syntax=docker/dockerfile:1\nARG BASE=scratch\n';
  for (let i = 0; i < stages; i++) {
    s += `FROM \${BASE} AS stage${i}\nARG NAME=app${i}\nENV DIR=/srv/${i} \\\n    MODE="release build"\n`;
    s += `COPY --chmod=755 --exclude=*.md \${NAME}.wasm \${DIR}/\nCOPY <<EOF \${DIR}/config.txt\nname=\${NAME}\nEOF\n`;
    s += `LABEL org.example.stage="${i}" \\\n  org.example.name="\${NAME}"\nWORKDIR \${DIR}\nEXPOSE 80${i % 10} 53/udp\n`;
    s += `ENTRYPOINT ["/srv/${i}/app.wasm"]\n`;
  }
  return s;
}

function time(fn: () => void, minMs = 300): number {
  for (let i = 0; i < 20; i++) fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    n++;
  }
  return (performance.now() - start) / n;
}

const bench: Bench = {
  name: 'dockerfile',
  async run(ctx) {
    const helloMs = time(() => parseDockerfile(hello));
    ctx.report({
      name: 'parse + lint hello-world Dockerfile',
      host: 'node',
      value: helloMs * 1000,
      unit: 'µs',
      goal: { max: 1000 },
    });
    const text = large(100);
    const lines = text.split('\n').length;
    const largeMs = time(() => parseDockerfile(text));
    ctx.report({
      name: `parse + lint ${lines}-line Dockerfile (100 stages)`,
      host: 'node',
      value: largeMs,
      unit: 'ms',
      goal: { max: 50 },
    });
    const r = parseDockerfile(text);
    const env = new Map([
      ['NAME', 'app'],
      ['DIR', '/srv'],
      ['BASE', 'scratch'],
    ]);
    const expandMs = time(() => {
      for (const s of r.stages) for (const i of s.instructions) expandInstruction(i, (n) => env.get(n));
    });
    ctx.report({
      name: 'expand every instruction of the 100-stage Dockerfile',
      host: 'node',
      value: expandMs,
      unit: 'ms',
      goal: { max: 20 },
    });
  },
};

export default bench;
