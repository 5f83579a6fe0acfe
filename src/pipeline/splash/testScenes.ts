/**
 * Synthetic entry clips for the splash tests, drawn with plain loops: a textured stand and a light
 * deck above blue, noisy, rippled water; a skin-coloured diver falling in; a white crown-and-foam
 * splash that grows and decays; optionally a white lane rope, a static reflection, a panning and
 * zooming camera. Test fixtures only (nothing in the app imports this).
 */
import type { DiverBoxHint, RgbaFrame } from './types.ts';
import { mulberry32 } from '../math/random.ts';

export interface SceneOptions {
  width?: number;
  height?: number;
  frameCount?: number;
  entryIndex?: number;
  /** First frame of the splash (the diver's hands touch the water). */
  contactIndex?: number;
  /** Peak height of the splash column in pixels; 0 = no splash. */
  splashHeight?: number;
  /** Camera pan in pixels per frame (the scene moves the other way in the picture). */
  pan?: { x: number; y: number };
  /** Zoom-out per frame about the picture centre (0.01 = things shrink 1 % per frame). */
  zoomOutPerFrame?: number;
  laneRope?: boolean;
  reflection?: boolean;
  diver?: boolean;
  seed?: number;
}

export interface Scene {
  frames: RgbaFrame[];
  entryIndex: number;
  /** Diver box in the entry frame. */
  diverBox: DiverBoxHint;
  /** Far edge of the pool (the water line), entry column and entry row in frame `f`'s pixels. */
  waterLineAt: (f: number) => number;
  entryXAt: (f: number) => number;
  entryYAt: (f: number) => number;
}

const MARGIN = 100;

export function makeScene(options: SceneOptions = {}): Scene {
  const width = options.width ?? 384;
  const height = options.height ?? 216;
  const frameCount = options.frameCount ?? 30;
  const entryIndex = options.entryIndex ?? 8;
  const contactIndex = options.contactIndex ?? 12;
  const splashHeight = options.splashHeight ?? 0;
  const pan = options.pan ?? { x: 0, y: 0 };
  const zoomOut = options.zoomOutPerFrame ?? 0;
  const random = mulberry32(options.seed ?? 7);

  // The static world, larger than the picture so that the camera can pan.
  const worldW = width + 2 * MARGIN, worldH = height + 2 * MARGIN;
  const world = new Uint8ClampedArray(worldW * worldH * 3);
  const waterTop = MARGIN + Math.round(0.5 * height);
  const entryX = MARGIN + Math.round(0.5 * width);
  // The diver goes in nearer the camera than the far edge of the pool: below the water line.
  const entryY = waterTop + Math.round(0.1 * height);
  const put = (x: number, y: number, r: number, g: number, b: number): void => {
    if (x < 0 || y < 0 || x >= worldW || y >= worldH) return;
    const i = (y * worldW + x) * 3;
    world[i] = r;
    world[i + 1] = g;
    world[i + 2] = b;
  };
  // Stands: sections of different tone, seat rows, aisles and spectators as blocks of mid-tone
  // colour: texture at several scales for the camera-motion estimate, nothing white.
  const sectionTone = Array.from({ length: Math.ceil(worldW / 48) + 1 }, () => 0.6 + 0.5 * random());
  for (let by = 0; by < waterTop - 4; by += 5) {
    for (let bx = 0; bx < worldW; bx += 6) {
      const tone = (sectionTone[Math.floor(bx / 48)] as number) * (Math.floor(by / 15) % 2 === 0 ? 1 : 0.75);
      const aisle = bx % 70 < 6;
      const r = aisle ? 150 : tone * (40 + random() * 110), g = aisle ? 150 : tone * (40 + random() * 100), b = aisle ? 150 : tone * (40 + random() * 100);
      for (let y = by; y < Math.min(by + 5, waterTop - 4); y++) for (let x = bx; x < bx + 6; x++) put(x, y, r, g, b);
    }
  }
  // A light deck just above the water: static white the measurement must ignore.
  for (let y = waterTop - 4; y < waterTop; y++) for (let x = 0; x < worldW; x++) put(x, y, 210, 210, 204);
  // Water: lighter near the far edge, per-pixel texture, thin light ripples.
  for (let y = waterTop; y < worldH; y++) {
    const depth = (y - waterTop) / (worldH - waterTop);
    for (let x = 0; x < worldW; x++) {
      const n = (random() - 0.5) * 12;
      put(x, y, 45 - 15 * depth + n, 145 - 30 * depth + n, 205 - 30 * depth + n);
    }
  }
  for (let k = 0; k < 250; k++) {
    const y = waterTop + 2 + Math.floor(random() * (worldH - waterTop - 2));
    const x0 = Math.floor(random() * worldW), length = 6 + Math.floor(random() * 14);
    for (let x = x0; x < x0 + length; x++) {
      const i = (y * worldW + x) * 3;
      if (x >= worldW) break;
      put(x, y, (world[i] as number) * 0.75 + 60, (world[i + 1] as number) * 0.75 + 60, (world[i + 2] as number) * 0.75 + 60);
    }
  }
  if (options.laneRope === true) {
    for (let y = entryY - 8; y < entryY - 5; y++) {
      for (let x = 0; x < worldW; x++) {
        if (Math.floor(x / 8) % 2 === 0) put(x, y, 242, 242, 240);
        else put(x, y, 200, 40, 40);
      }
    }
  }
  if (options.reflection === true) {
    for (let y = entryY + 4; y < entryY + 9; y++) for (let x = entryX + 0.4 * height; x < entryX + 0.4 * height + 18; x++) put(x, y, 246, 248, 250);
  }

  // Camera: world point at the picture's centre and world pixels per picture pixel, per frame.
  const camera = (f: number) => {
    const t = f - (frameCount - 1) / 2;
    return { cx: entryX + Math.round(pan.x * t), cy: entryY - Math.round(0.1 * height) + Math.round(pan.y * t), s: 1 + zoomOut * f };
  };

  const diverLength = Math.round(0.4 * height);
  const diverTop = (f: number) => entryY - diverLength - 8 * (contactIndex - f);
  const splashAt = (f: number): { h: number; w: number; foamW: number; foamAlpha: number } | null => {
    if (splashHeight <= 0 || f < contactIndex) return null;
    const tau = f - contactIndex;
    const profile = tau < 3 ? (tau + 1) / 4 : Math.exp(-(tau - 3) / 5);
    const w = 0.6 * splashHeight * (0.6 + 0.4 * Math.min(1, (tau + 1) / 4));
    return { h: splashHeight * profile, w, foamW: 1.3 * w, foamAlpha: Math.max(0, 0.85 - 0.05 * tau) };
  };

  const frames: RgbaFrame[] = [];
  for (let f = 0; f < frameCount; f++) {
    const { cx, cy, s } = camera(f);
    const splash = splashAt(f);
    const top = diverTop(f);
    const data = new Uint8ClampedArray(width * height * 4);
    for (let v = 0; v < height; v++) {
      const y = Math.round(cy + (v - height / 2) * s);
      for (let u = 0; u < width; u++) {
        const x = Math.round(cx + (u - width / 2) * s);
        let r = 0, g = 0, b = 0;
        if (x >= 0 && y >= 0 && x < worldW && y < worldH) {
          const i = (y * worldW + x) * 3;
          r = world[i] as number;
          g = world[i + 1] as number;
          b = world[i + 2] as number;
        }
        // The diver above the water: skin with a dark suit band.
        if (options.diver !== false && y >= top && y < Math.min(top + diverLength, entryY) && Math.abs(x - entryX) <= 6) {
          const suit = y >= top + 0.35 * diverLength && y < top + 0.55 * diverLength;
          r = suit ? 30 : 226;
          g = suit ? 40 : 172;
          b = suit ? 110 : 140;
        }
        if (splash !== null) {
          const dx = x - entryX, dy = y - entryY;
          // Foam on the surface, then the crown (a half ellipse over the entry point).
          if (Math.abs(dy) <= 3 && (dx / splash.foamW) ** 2 + (dy / 3) ** 2 <= 1) {
            r += (236 - r) * splash.foamAlpha;
            g += (246 - g) * splash.foamAlpha;
            b += (252 - b) * splash.foamAlpha;
          }
          if (dy <= 0 && splash.h > 0.5 && (dx / splash.w) ** 2 + (dy / splash.h) ** 2 <= 1) {
            r = 244;
            g = 249;
            b = 254;
          }
        }
        // Sensor noise, fresh every frame.
        const o = (v * width + u) * 4;
        const n = (random() - 0.5) * 6;
        data[o] = r + n;
        data[o + 1] = g + n;
        data[o + 2] = b + n;
        data[o + 3] = 255;
      }
    }
    frames.push({ width, height, data });
  }

  const toPictureX = (x: number, f: number): number => {
    const { cx, s } = camera(f);
    return (x - cx) / s + width / 2;
  };
  const toPictureY = (y: number, f: number): number => {
    const { cy, s } = camera(f);
    return (y - cy) / s + height / 2;
  };
  const entryTop = diverTop(entryIndex);
  return {
    frames,
    entryIndex,
    diverBox: {
      x1: toPictureX(entryX - diverLength / 2 - 4, entryIndex),
      x2: toPictureX(entryX + diverLength / 2 + 4, entryIndex),
      y1: toPictureY(entryTop - 4, entryIndex),
      y2: toPictureY(entryTop + diverLength + 4, entryIndex),
      frameIndex: entryIndex,
    },
    waterLineAt: (f) => toPictureY(waterTop, f),
    entryXAt: (f) => toPictureX(entryX, f),
    entryYAt: (f) => toPictureY(entryY, f),
  };
}
