#!/usr/bin/env node
// Draws the tab bar icons (weapp tab bars need image files) as small anti-aliased PNGs.
// Run once after changing a shape or colour; the PNGs are committed under src/assets/tab.
// A brand's set: `node scripts/gen-tab-icons.js <dir under src/> <#active colour>` (also draws logo.png).
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZE = 81;
const SUPERSAMPLE = 4;
const [outArg, activeArg] = process.argv.slice(2);
const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const COLORS = { idle: [0x8a, 0x8f, 0x9c], active: activeArg ? hex(activeArg) : [0x4f, 0x6b, 0xed] };
const SRC = path.join(__dirname, '..', 'src');
const OUT = path.join(SRC, outArg ? path.join(outArg, 'tab') : path.join('assets', 'tab'));

// Shapes as coverage tests on a 0..1 square.
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= w / 2;
const union =
  (...fs) =>
  (x, y) =>
    fs.some((f) => f(x, y));

// A compass needle: a diamond rotated 45°.
const needle = (x, y) => {
  const u = (x - 0.5 + (y - 0.5)) / Math.SQRT2;
  const v = (x - 0.5 - (y - 0.5)) / Math.SQRT2;
  return Math.abs(u) / 0.2 + Math.abs(v) / 0.07 <= 1;
};

// Head and shoulders.
const person = union(
  ring(0.5, 0.34, 0.15, 0.075),
  (x, y) => y >= 0.62 && y <= 0.9 && Math.abs(Math.hypot((x - 0.5) / 0.34, (y - 0.9) / 0.3) - 1) <= 0.12,
  (x, y) => y > 0.86 && y <= 0.9 && Math.abs(x - 0.5) <= 0.34,
);

const ICONS = {
  discover: union(ring(0.5, 0.5, 0.38, 0.075), needle),
  circles: union(ring(0.37, 0.5, 0.25, 0.075), ring(0.63, 0.5, 0.25, 0.075)),
  me: person,
};

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(shape, [r, g, b]) {
  const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) {
      let hits = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          if (shape((x + (sx + 0.5) / SUPERSAMPLE) / SIZE, (y + (sy + 0.5) / SUPERSAMPLE) / SIZE)) hits++;
        }
      }
      const o = y * (SIZE * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = Math.round((255 * hits) / SUPERSAMPLE ** 2);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

fs.mkdirSync(OUT, { recursive: true });
for (const [name, shape] of Object.entries(ICONS)) {
  fs.writeFileSync(path.join(OUT, `${name}.png`), png(shape, COLORS.idle));
  fs.writeFileSync(path.join(OUT, `${name}-active.png`), png(shape, COLORS.active));
}
// A brand's logo: its two rings, filled, in the brand colour.
if (outArg) fs.writeFileSync(path.join(SRC, outArg, 'logo.png'), png(ICONS.circles, COLORS.active));
console.log(`tab icons written to ${path.relative(process.cwd(), OUT)}`);
