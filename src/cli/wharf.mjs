// @ts-check
// The `wharf` command: main.ts bundled into plain JavaScript (bundle.mjs), then run.
import { bundled } from './bundle.mjs';

await import((await bundled(new URL('./main.ts', import.meta.url))).href);
