// `npm run icons`: the site's icons, drawn from one shape (a white "W" on the accent blue) into
// public/icons/: the SVG, and the PNGs the web app manifest and iOS ask for. The PNGs are drawn
// here, pixel by pixel with anti-aliased edges, and written with node:zlib, so no image library
// or download is needed; the output is deterministic, so a run on an unchanged script changes
// nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const out = join(import.meta.dirname, '../public/icons');

/** The shape on a 32-unit grid, as the favicon has always had it. */
const ACCENT = [0x25, 0x63, 0xeb] as const;
const W: readonly [number, number][] = [
  [8, 11],
  [11, 22],
  [16, 14],
  [21, 22],
  [24, 11],
];
const STROKE = 2.6;

interface Variant {
  file: string;
  size: number;
  /** A rounded tile with a transparent margin ('any'), or the whole square filled (maskable, iOS). */
  fullBleed: boolean;
}

const VARIANTS: Variant[] = [
  { file: 'icon-192.png', size: 192, fullBleed: false },
  { file: 'icon-512.png', size: 512, fullBleed: false },
  // The "W" already lies inside the maskable safe zone (a circle of 40% of the size).
  { file: 'maskable-512.png', size: 512, fullBleed: true },
  // iOS rounds the corners itself.
  { file: 'apple-touch-icon.png', size: 180, fullBleed: true },
];

function svg(): string {
  const points = W.map(([x, y]) => `${x} ${y}`).join(' L');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
    `<rect x="2" y="2" width="28" height="28" rx="7" fill="#${ACCENT.map((c) => c.toString(16).padStart(2, '0')).join('')}"/>` +
    `<path d="M${points}" fill="none" stroke="white" stroke-width="${STROKE}" stroke-linecap="round" stroke-linejoin="round"/>` +
    `</svg>\n`
  );
}

/** Signed distance from (x, y) to a rounded rectangle (negative inside). */
function roundedRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): number {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Distance from (x, y) to the polyline (round caps and joins come with it). */
function polyline(x: number, y: number): number {
  let best = Infinity;
  for (let i = 1; i < W.length; i++) {
    const [ax, ay] = W[i - 1]!;
    const [bx, by] = W[i]!;
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

/** RGBA pixels: coverage from the distance to each edge, measured in pixels. */
function draw(v: Variant): Uint8Array {
  const px = new Uint8Array(v.size * v.size * 4);
  const unit = 32 / v.size;
  const coverage = (d: number): number => Math.max(0, Math.min(1, 0.5 - d / unit));
  for (let j = 0; j < v.size; j++) {
    for (let i = 0; i < v.size; i++) {
      const x = (i + 0.5) * unit;
      const y = (j + 0.5) * unit;
      const tile = v.fullBleed ? 1 : coverage(roundedRect(x, y, 2, 2, 30, 30, 7));
      const mark = coverage(polyline(x, y) - STROKE / 2) * tile;
      const o = (j * v.size + i) * 4;
      for (let c = 0; c < 3; c++) px[o + c] = Math.round(ACCENT[c]! * (1 - mark) + 255 * mark);
      px[o + 3] = Math.round(tile * 255);
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.byteLength);
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, tail]);
}

/** An 8-bit RGBA PNG, every row unfiltered. */
function png(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let j = 0; j < size; j++) rows.set(rgba.subarray(j * size * 4, (j + 1) * size * 4), j * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'wharf.svg'), svg());
for (const v of VARIANTS) writeFileSync(join(out, v.file), png(v.size, draw(v)));
console.log(`wrote ${['wharf.svg', ...VARIANTS.map((v) => v.file)].join(', ')} to public/icons/`);
