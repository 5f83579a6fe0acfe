/**
 * `npx tsx scripts/make-icons.ts`: the app's install icons (public/icons/icon-192.png, -512.png)
 * drawn from public/favicon.svg, so the web app manifest has the PNG sizes browsers ask for.
 * Run again after changing the favicon; the PNGs are committed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';

const root = resolve(import.meta.dirname, '..');
const svg = readFileSync(join(root, 'public/favicon.svg'));
mkdirSync(join(root, 'public/icons'), { recursive: true });
for (const size of [192, 512]) {
  const image = await loadImage(svg);
  const canvas = createCanvas(size, size);
  canvas.getContext('2d').drawImage(image, 0, 0, size, size);
  writeFileSync(join(root, `public/icons/icon-${size}.png`), canvas.toBuffer('image/png'));
  console.log(`public/icons/icon-${size}.png`);
}
