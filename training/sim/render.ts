/**
 * Broadcast-like frames of a simulated dive with @napi-rs/canvas (Skia), following what real pose
 * models need to see a person (training/README.md, The renderer): shaded, tapered skin limbs, a
 * contrasting swimsuit, a head with hair and a face profile (eye, nose, ear), mild motion blur, a
 * following camera; plus the venue — pool, board or platform, stands full of spectators and
 * officials at the poolside, drawn as people too (distractors the tracker must ignore) — and splash.
 *
 * Use:
 *   const dive = simulateDive({ seed: 1, runIndex: 0 });
 *   for (const frame of renderDive(dive)) frame.canvas.encodeSync('jpeg', 90);   // + frame.truth
 * or `new DiveRenderer(dive, diveTruth(dive)).renderFrame(i)`.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import type { Rgb } from './appearance.ts';
import { LANDMARK_COUNT, LM } from './body.ts';
import type { Landmark } from './body.ts';
import { project } from './camera.ts';
import type { CameraFrame } from './camera.ts';
import { motionAt, worldPointsAt } from './dive.ts';
import type { SimulatedDive } from './dive.ts';
import { diveTruth } from './groundTruth.ts';
import type { DiveTruth, FrameTruth, TruthOptions } from './groundTruth.ts';
import { orientationMatrix } from './physics.ts';
import { Random } from './random.ts';
import { splashShapeAt } from './splash.ts';

type Ctx = SKRSContext2D;
type P2 = [number, number];

// ── colour helpers ──────────────────────────────────────────────────────────────────────────────

function shade(c: Rgb, k: number, alpha = 1): string {
  const f = (v: number) => Math.max(0, Math.min(255, Math.round(v * k)));
  return alpha >= 1 ? `rgb(${f(c[0])},${f(c[1])},${f(c[2])})` : `rgba(${f(c[0])},${f(c[1])},${f(c[2])},${alpha.toFixed(3)})`;
}

function mix(a: Rgb, b: Rgb, w: number): Rgb {
  return [a[0] + (b[0] - a[0]) * w, a[1] + (b[1] - a[1]) * w, a[2] + (b[2] - a[2]) * w];
}

// ── venue ───────────────────────────────────────────────────────────────────────────────────────

interface Venue {
  seats: Rgb;
  wall: Rgb;
  banners: Rgb[];
  water: Rgb;
  deck: Rgb;
  crowdDensity: number;
  /** Far pool deck line (projected into the diving plane), metres above the water. */
  deckY: number;
  brightness: number;
  shirts: Rgb[];
  skins: Rgb[];
  hairs: Rgb[];
}

function makeVenue(id: string): Venue {
  const r = new Random(`venue/${id}`);
  const seatChoices: Rgb[] = [[40, 110, 170], [30, 140, 150], [120, 125, 135], [150, 40, 50], [40, 120, 80], [70, 70, 150]];
  const seats = r.pick(seatChoices);
  return {
    seats,
    wall: mix(r.pick(seatChoices), [200, 200, 205], r.uniform(0.3, 0.7)),
    banners: [r.pick(seatChoices), [230, 230, 235], r.pick([[20, 90, 60], [200, 160, 30], [30, 60, 140], [180, 30, 60]] as Rgb[])],
    water: r.pick([[40, 140, 200], [30, 120, 190], [50, 160, 200], [25, 100, 170]] as Rgb[]),
    deck: r.pick([[215, 215, 210], [190, 195, 200], [225, 220, 205]] as Rgb[]),
    crowdDensity: r.uniform(0.45, 0.9),
    deckY: r.uniform(0.5, 1.3),
    brightness: r.uniform(0.9, 1.08),
    shirts: [[200, 200, 205], [30, 30, 40], [170, 50, 50], [50, 80, 150], [200, 180, 60], [60, 120, 70], [200, 130, 60], [120, 70, 120], [110, 110, 115], [230, 230, 230], [80, 90, 110]],
    skins: [[241, 204, 178], [222, 172, 138], [186, 128, 92], [140, 92, 62], [98, 62, 42]],
    hairs: [[25, 20, 18], [60, 40, 25], [120, 85, 50], [180, 150, 100], [200, 200, 200]],
  };
}

/** World extent the background is painted over, by board height. */
function panoramaExtent(top: number): { x0: number; x1: number; y0: number; y1: number } {
  return { x0: -11, x1: 17, y0: -7, y1: Math.max(10, top + 5) };
}

const PANORAMA_PX_PER_M = 48;
const panoramaCache = new Map<string, Canvas>();

/** A seated or standing person at (x, y) = feet (standing) or seat (seated), `h` metres tall when standing. */
function drawPerson(ctx: Ctx, r: Random, x: number, y: number, h: number, v: Venue, seated: boolean, facing: number): void {
  const skin = r.pick(v.skins);
  const hair = r.pick(v.hairs);
  const shirt = r.pick(v.shirts);
  const head = h * 0.065;
  const torsoH = h * 0.3;
  const shoulderW = h * 0.13;
  const hipY = seated ? y + h * 0.02 : y + h * 0.5;
  const shoulderY = hipY + torsoH;
  const lean = r.uniform(-0.04, 0.04) * h;
  // legs
  ctx.fillStyle = shade(r.pick([[40, 40, 60], [60, 60, 70], [30, 30, 35], [90, 80, 70], [180, 180, 190]] as Rgb[]), 1);
  if (seated) {
    ctx.fillRect(x - shoulderW * 0.8, y - h * 0.02, shoulderW * 1.6, h * 0.06);
    ctx.fillRect(x - shoulderW * 0.7 + facing * shoulderW * 0.6, y - h * 0.25, shoulderW * 0.5, h * 0.25);
  } else {
    ctx.beginPath();
    ctx.moveTo(x - shoulderW * 0.55, hipY);
    ctx.lineTo(x - shoulderW * 0.5, y);
    ctx.lineTo(x - shoulderW * 0.1, y);
    ctx.lineTo(x, hipY - h * 0.1);
    ctx.lineTo(x + shoulderW * 0.1, y);
    ctx.lineTo(x + shoulderW * 0.5, y);
    ctx.lineTo(x + shoulderW * 0.55, hipY);
    ctx.closePath();
    ctx.fill();
  }
  // torso with shading
  const g = ctx.createLinearGradient(x - shoulderW, 0, x + shoulderW, 0);
  g.addColorStop(0, shade(shirt, 1.1));
  g.addColorStop(1, shade(shirt, 0.7));
  ctx.fillStyle = g;
  ctx.beginPath();
  ctx.moveTo(x - shoulderW * 0.8, hipY);
  ctx.lineTo(x - shoulderW + lean, shoulderY);
  ctx.quadraticCurveTo(x + lean, shoulderY + h * 0.03, x + shoulderW + lean, shoulderY);
  ctx.lineTo(x + shoulderW * 0.8, hipY);
  ctx.closePath();
  ctx.fill();
  // arms
  ctx.strokeStyle = shade(shirt, 0.85);
  ctx.lineWidth = h * 0.055;
  ctx.lineCap = 'round';
  const armDrop = r.chance(0.15) ? -1 : 1; // some cheer with raised arms
  for (const side of [-1, 1]) {
    ctx.beginPath();
    ctx.moveTo(x + side * shoulderW * 0.95 + lean, shoulderY - h * 0.02);
    if (armDrop < 0) ctx.lineTo(x + side * shoulderW * 1.3 + lean, shoulderY + h * 0.22);
    else ctx.lineTo(x + side * shoulderW * 1.1 + lean, shoulderY - h * 0.26);
    ctx.stroke();
  }
  // neck and head
  ctx.fillStyle = shade(skin, 0.85);
  ctx.fillRect(x + lean - head * 0.35, shoulderY - h * 0.005, head * 0.7, head * 0.6);
  const hx = x + lean, hy = shoulderY + head * 1.35;
  const hg = ctx.createRadialGradient(hx - head * 0.3, hy + head * 0.3, head * 0.1, hx, hy, head * 1.1);
  hg.addColorStop(0, shade(skin, 1.12));
  hg.addColorStop(1, shade(skin, 0.72));
  ctx.fillStyle = hg;
  ctx.beginPath();
  ctx.ellipse(hx, hy, head * 0.85, head * 1.05, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = shade(hair, 1);
  ctx.beginPath();
  ctx.ellipse(hx - facing * head * 0.15, hy + head * 0.35, head * 0.9, head * 0.75, 0, 0, Math.PI);
  ctx.fill();
  // a hint of a face: eye and nose on the facing side
  ctx.fillStyle = 'rgba(30,20,20,0.8)';
  ctx.fillRect(hx + facing * head * 0.35 - head * 0.08, hy + head * 0.05, head * 0.16, head * 0.12);
}

function paintPanorama(venue: Venue, venueId: string, top: number, apparatus: 'springboard' | 'platform'): Canvas {
  const key = `${venueId}|${top}|${apparatus}`;
  const cached = panoramaCache.get(key);
  if (cached !== undefined) return cached;
  const ext = panoramaExtent(top);
  const R = PANORAMA_PX_PER_M;
  const canvas = createCanvas(Math.ceil((ext.x1 - ext.x0) * R), Math.ceil((ext.y1 - ext.y0) * R));
  const ctx = canvas.getContext('2d');
  // World metres, y up.
  ctx.setTransform(R, 0, 0, -R, -ext.x0 * R, ext.y1 * R);
  const r = new Random(`panorama/${key}`);
  const b = venue.brightness;

  // Back wall and stands.
  ctx.fillStyle = shade(venue.wall, 0.75 * b);
  ctx.fillRect(ext.x0, venue.deckY, ext.x1 - ext.x0, ext.y1 - venue.deckY);
  const standBottom = venue.deckY + 1.6;
  const rowH = 0.21;
  const person = 0.42;
  // Advertising boards and the judges' area along the far deck.
  for (let x = ext.x0; x < ext.x1; x += 2.4) {
    ctx.fillStyle = shade(r.pick(venue.banners), b * r.uniform(0.85, 1));
    ctx.fillRect(x, venue.deckY + 0.55, 2.3, 0.5);
    ctx.fillStyle = shade([250, 250, 250], b * 0.95, 0.85);
    for (let i = 0; i < 4; i++) ctx.fillRect(x + 0.2 + i * 0.5, venue.deckY + 0.7, r.uniform(0.2, 0.42), 0.14);
  }
  ctx.fillStyle = shade(venue.wall, 0.55 * b);
  ctx.fillRect(ext.x0, standBottom - 0.5, ext.x1 - ext.x0, 0.5);
  // Crowd: rows of seated spectators (people, not blobs), from the back row to the front so that
  // people in front hide the seats behind them.
  const rows = Math.ceil((ext.y1 - standBottom) / rowH);
  const stairs = [r.uniform(-9, -3), r.uniform(2, 8), r.uniform(10, 15)];
  for (let row = rows - 1; row >= 0; row--) {
    const y = standBottom + row * rowH;
    ctx.fillStyle = shade(venue.seats, b * (0.72 + 0.08 * (row % 2)));
    ctx.fillRect(ext.x0, y, ext.x1 - ext.x0, rowH);
    ctx.fillStyle = shade(venue.seats, b * 0.5);
    ctx.fillRect(ext.x0, y + rowH * 0.2, ext.x1 - ext.x0, rowH * 0.08);
    for (let x = ext.x0 + (row % 2) * 0.11; x < ext.x1; x += 0.23) {
      if (stairs.some((sx) => Math.abs(x - sx) < 0.35)) continue;
      if (!r.chance(venue.crowdDensity)) continue;
      drawPerson(ctx, r, x + r.uniform(-0.03, 0.03), y + rowH * 0.25, person * r.uniform(0.9, 1.1), venue, true, r.chance(0.5) ? 1 : -1);
    }
  }
  for (const sx of stairs) {
    ctx.fillStyle = shade(mix(venue.seats, [200, 200, 200], 0.5), b * 0.8);
    ctx.fillRect(sx - 0.2, standBottom, 0.4, ext.y1 - standBottom);
  }
  // Far deck and officials: judges at tables, referee, photographers, standing staff.
  ctx.fillStyle = shade(venue.deck, b);
  ctx.fillRect(ext.x0, venue.deckY - 0.12, ext.x1 - ext.x0, 0.22);
  const judges = r.int(5, 7);
  const judgesX = r.uniform(3, 7);
  for (let j = 0; j < judges; j++) {
    const x = judgesX + j * 0.65;
    drawPerson(ctx, r, x, venue.deckY + 0.3, 1.0, venue, true, -1);
    ctx.fillStyle = shade([235, 235, 240], b);
    ctx.fillRect(x - 0.3, venue.deckY + 0.02, 0.6, 0.3);
  }
  for (let s = 0; s < r.int(2, 5); s++) drawPerson(ctx, r, r.uniform(-9, 15), venue.deckY, r.uniform(0.95, 1.1), venue, false, r.chance(0.5) ? 1 : -1);

  // Water: the far part of the pool surface (projected) and the near part below the waterline.
  const wg = ctx.createLinearGradient(0, venue.deckY, 0, ext.y0);
  wg.addColorStop(0, shade(mix(venue.water, [200, 230, 240], 0.35), b));
  wg.addColorStop(0.25, shade(venue.water, b));
  wg.addColorStop(1, shade(venue.water, 0.7 * b));
  ctx.fillStyle = wg;
  ctx.fillRect(ext.x0, ext.y0, ext.x1 - ext.x0, venue.deckY - 0.12 - ext.y0);
  // Ripples: thin light streaks, denser near the far wall (foreshortened).
  for (let i = 0; i < 700; i++) {
    const depth = r.next();
    const y = venue.deckY - 0.15 - (venue.deckY - ext.y0) * depth * depth;
    const x = r.uniform(ext.x0, ext.x1);
    ctx.fillStyle = shade([235, 245, 250], 1, r.uniform(0.08, 0.3));
    ctx.fillRect(x, y, r.uniform(0.15, 0.7) * (0.3 + depth), 0.02 + 0.05 * depth);
  }

  // Diving structure in the diving plane: the edge the diver uses is at x = 0.
  if (apparatus === 'platform') {
    const concrete: Rgb = [200, 200, 196];
    // Tower columns and other platforms.
    ctx.fillStyle = shade(concrete, 0.8 * b);
    ctx.fillRect(-5.2, 0, 1.4, top);
    ctx.fillRect(-8.4, 0, 1.2, top);
    for (const [h, edge] of [[3, -2.3], [5, -1.6], [7.5, -1.2]] as const) {
      if (h >= top) continue;
      ctx.fillStyle = shade(concrete, 0.9 * b);
      ctx.fillRect(-8.4, h - 0.3, 8.4 + edge, 0.3);
      ctx.fillStyle = shade([40, 120, 190], b);
      ctx.fillRect(edge - 0.02, h - 0.3, 0.04, 0.3);
    }
    // The platform: slab with a blue edge and a rail at the back.
    ctx.fillStyle = shade(concrete, 0.95 * b);
    ctx.fillRect(-8.4, top - 0.32, 8.4, 0.32);
    ctx.fillStyle = shade([236, 236, 232], b);
    ctx.fillRect(-8.4, top - 0.04, 8.4, 0.04);
    ctx.fillStyle = shade([30, 110, 190], b);
    ctx.fillRect(-0.05, top - 0.32, 0.05, 0.32);
    ctx.strokeStyle = shade([170, 175, 180], b);
    ctx.lineWidth = 0.05;
    ctx.beginPath();
    ctx.moveTo(-8, top + 1);
    ctx.lineTo(-3.5, top + 1);
    ctx.moveTo(-3.5, top);
    ctx.lineTo(-3.5, top + 1);
    ctx.stroke();
  } else {
    // Springboard stand (the board itself moves and is drawn per frame), and a neighbour board.
    ctx.fillStyle = shade([185, 185, 182], 0.9 * b);
    ctx.fillRect(-5.4, 0, 1.2, top - 0.25);
    ctx.fillRect(-3.3, 0, 0.5, top - 0.35);
    if (top > 2) {
      ctx.fillStyle = shade([185, 185, 182], 0.8 * b);
      ctx.fillRect(-9.5, 0, 1.0, 1 - 0.2);
      ctx.fillStyle = shade([225, 232, 240], 0.85 * b);
      ctx.fillRect(-10.5, 0.95, 4.8, 0.07);
    }
    ctx.strokeStyle = shade([170, 175, 180], b);
    ctx.lineWidth = 0.05;
    ctx.beginPath();
    ctx.moveTo(-4.9, top);
    ctx.lineTo(-4.9, top + 1);
    ctx.lineTo(-3.2, top + 0.9);
    ctx.stroke();
  }
  panoramaCache.set(key, canvas);
  // Keep a handful of venues.
  if (panoramaCache.size > 8) {
    const oldest = panoramaCache.keys().next().value;
    if (oldest !== undefined) panoramaCache.delete(oldest);
  }
  return canvas;
}

// ── the diver ───────────────────────────────────────────────────────────────────────────────────

interface DiverLook {
  skin: Rgb;
  hair: Rgb;
  suit: Rgb;
  accent: Rgb | null;
  hairStyle: SimulatedDive['appearance']['hairStyle'];
  suitStyle: SimulatedDive['appearance']['suitStyle'];
  /** Girth relative to a 1.72 m, 65 kg diver. */
  girth: number;
  female: boolean;
}

/** Light comes from above and a little from the left of the picture (image coordinates, y down). */
const LIGHT: P2 = [-0.35, -0.94];

interface Projected {
  /** Image points per landmark. */
  p: P2[];
  /** Depth toward the camera per landmark (metres). */
  z: number[];
  scale: number;
  /** Body axes in the world (anterior, up, right): for the torso width and the face. */
  axes: { anterior: [number, number, number]; up: [number, number, number]; right: [number, number, number] };
}

/** Tapered capsule from a (radius ra) to b (radius rb), shaded across its axis. */
function capsule(ctx: Ctx, a: P2, b: P2, ra: number, rb: number, colour: Rgb, k: number): void {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len < 0.01) {
    ctx.fillStyle = shade(colour, k);
    ctx.beginPath();
    ctx.arc(a[0], a[1], Math.max(ra, rb), 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  const nx = -dy / len, ny = dx / len;
  const angle = Math.atan2(ny, nx);
  const lit = nx * LIGHT[0] + ny * LIGHT[1] > 0 ? 1 : -1;
  const g = ctx.createLinearGradient(a[0] + nx * ra * lit, a[1] + ny * ra * lit, a[0] - nx * ra * lit, a[1] - ny * ra * lit);
  g.addColorStop(0, shade(colour, 1.18 * k));
  g.addColorStop(0.35, shade(colour, 1.0 * k));
  g.addColorStop(1, shade(colour, 0.58 * k));
  ctx.fillStyle = g;
  ctx.beginPath();
  ctx.moveTo(a[0] + nx * ra, a[1] + ny * ra);
  ctx.lineTo(b[0] + nx * rb, b[1] + ny * rb);
  ctx.arc(b[0], b[1], rb, angle, angle + Math.PI, true);
  ctx.lineTo(a[0] - nx * ra, a[1] - ny * ra);
  ctx.arc(a[0], a[1], ra, angle + Math.PI, angle, true);
  ctx.closePath();
  ctx.fill();
}

function lerp2(a: P2, b: P2, w: number): P2 {
  return [a[0] + (b[0] - a[0]) * w, a[1] + (b[1] - a[1]) * w];
}

/** Torso cross-sections: level along pelvis→thorax, half depth and half breadth (m), anterior offset (m). */
const TORSO_LEVELS: readonly (readonly [number, number, number, number])[] = [
  [-0.2, 0.08, 0.1, -0.015],
  [-0.05, 0.12, 0.165, -0.025],
  [0.2, 0.115, 0.15, -0.005],
  [0.42, 0.11, 0.135, 0.008],
  [0.7, 0.13, 0.16, 0.025],
  [0.93, 0.115, 0.2, 0.01],
  [1.06, 0.075, 0.16, 0],
];

function torsoOutline(pr: Projected, look: DiverLook, from: number, to: number): P2[] {
  const pelvis = pr.p[LM.pelvis] as P2;
  const thorax = pr.p[LM.thorax] as P2;
  const ex = thorax[0] - pelvis[0], ey = thorax[1] - pelvis[1];
  const len = Math.hypot(ex, ey) || 1;
  const nx = -ey / len, ny = ex / len;
  const { anterior, right } = pr.axes;
  // How the cross-section's depth and breadth project onto the image normal.
  const aN = anterior[0] * nx - anterior[1] * ny;
  const rN = right[0] * nx - right[1] * ny;
  const left: P2[] = [];
  const rightSide: P2[] = [];
  const s = pr.scale * look.girth;
  const levels = TORSO_LEVELS.filter(([l]) => l >= from && l <= to);
  const at = (level: number) => {
    // Interpolate the table at an arbitrary level.
    let i = 0;
    while (i < TORSO_LEVELS.length - 2 && (TORSO_LEVELS[i + 1]?.[0] ?? 0) < level) i++;
    const a = TORSO_LEVELS[i] as readonly [number, number, number, number];
    const b = TORSO_LEVELS[i + 1] as readonly [number, number, number, number];
    const w = Math.min(1, Math.max(0, (level - a[0]) / (b[0] - a[0])));
    return [level, a[1] + (b[1] - a[1]) * w, a[2] + (b[2] - a[2]) * w, a[3] + (b[3] - a[3]) * w] as const;
  };
  const rows = [at(from), ...levels, at(to)];
  for (const [level, depth, breadthRaw, offset] of rows) {
    const breadth = look.female && level < 0.3 ? breadthRaw * 1.08 : look.female && level > 0.8 ? breadthRaw * 0.9 : breadthRaw;
    const half = Math.hypot(depth * aN, breadth * rN) * s;
    const shift = offset * aN * s;
    const cx = pelvis[0] + ex * level + nx * shift, cy = pelvis[1] + ey * level + ny * shift;
    left.push([cx + nx * half, cy + ny * half]);
    rightSide.push([cx - nx * half, cy - ny * half]);
  }
  return [...left, ...rightSide.reverse()];
}

function fillOutline(ctx: Ctx, outline: P2[], colour: Rgb, k: number, pr: Projected): void {
  const pelvis = pr.p[LM.pelvis] as P2, thorax = pr.p[LM.thorax] as P2;
  const ex = thorax[0] - pelvis[0], ey = thorax[1] - pelvis[1];
  const len = Math.hypot(ex, ey) || 1;
  const nx = -ey / len, ny = ex / len;
  const lit = nx * LIGHT[0] + ny * LIGHT[1] > 0 ? 1 : -1;
  const w = 0.2 * pr.scale;
  const mid = lerp2(pelvis, thorax, 0.5);
  const g = ctx.createLinearGradient(mid[0] + nx * w * lit, mid[1] + ny * w * lit, mid[0] - nx * w * lit, mid[1] - ny * w * lit);
  g.addColorStop(0, shade(colour, 1.15 * k));
  g.addColorStop(0.4, shade(colour, k));
  g.addColorStop(1, shade(colour, 0.6 * k));
  ctx.fillStyle = g;
  ctx.beginPath();
  const first = outline[0];
  if (first === undefined) return;
  ctx.moveTo(first[0], first[1]);
  // Smooth the outline through midpoints.
  for (let i = 1; i < outline.length; i++) {
    const a = outline[i] as P2;
    const b = outline[(i + 1) % outline.length] as P2;
    ctx.quadraticCurveTo(a[0], a[1], (a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
  }
  ctx.closePath();
  ctx.fill();
}

function drawHead(ctx: Ctx, pr: Projected, look: DiverLook, viewSign: number): void {
  const top = pr.p[LM.vertex] as P2, neck = pr.p[LM.upperNeck] as P2, centre3 = pr.p[LM.headCentre] as P2;
  const { anterior, up: bodyUp, right } = pr.axes;
  const s = pr.scale;
  // Head axis in the image (from the upper neck to the top of the head).
  const hx = top[0] - neck[0], hy = top[1] - neck[1];
  const hl = Math.hypot(hx, hy) || 1;
  const ux = hx / hl, uy = hy / hl;
  // Anterior direction in the image (y down), and how much it points at the camera.
  const ax = anterior[0], ay = -anterior[1];
  const facing = anterior[2] * viewSign; // +1 face to the camera, −1 back of the head
  const R = 0.105 * s;
  const c: P2 = [centre3[0], centre3[1]];
  const rot = Math.atan2(uy, ux);
  // Skull (slightly long front-to-back in profile).
  const profile = Math.sqrt(Math.max(0, 1 - facing * facing));
  const g = ctx.createRadialGradient(c[0] + LIGHT[0] * R * 0.5, c[1] + LIGHT[1] * R * 0.5, R * 0.1, c[0], c[1], R * 1.25);
  g.addColorStop(0, shade(look.skin, 1.15));
  g.addColorStop(1, shade(look.skin, 0.65));
  ctx.fillStyle = g;
  ctx.beginPath();
  ctx.ellipse(c[0] + ax * R * 0.08 * profile, c[1] + ay * R * 0.08 * profile, R * 1.12, R * (0.82 + 0.12 * profile), rot, 0, Math.PI * 2);
  ctx.fill();
  // Jaw and chin toward the front-bottom.
  ctx.beginPath();
  const chin: P2 = [c[0] - ux * R * 0.95 + ax * R * 0.55 * profile, c[1] - uy * R * 0.95 + ay * R * 0.55 * profile];
  ctx.moveTo(c[0] + ax * R * 0.75 * profile + ux * R * 0.1, c[1] + ay * R * 0.75 * profile + uy * R * 0.1);
  ctx.quadraticCurveTo(chin[0] + ax * R * 0.2, chin[1] + ay * R * 0.2, chin[0], chin[1]);
  ctx.lineTo(c[0] - ux * R * 0.7 - ax * R * 0.3 * profile, c[1] - uy * R * 0.7 - ay * R * 0.3 * profile);
  ctx.closePath();
  ctx.fillStyle = shade(look.skin, 0.88);
  ctx.fill();

  // Hair: the part of the skull up and behind a line across the forehead; all of it from behind.
  const hairline = R * (0.12 + 0.3 * Math.max(0, facing) - 1.5 * Math.max(0, -facing));
  const ca = Math.cos(0.85), sa = Math.sin(0.85);
  // Direction "up and back" in the image.
  const bx = ux * ca - ax * sa * profile, by = uy * ca - ay * sa * profile;
  const bl = Math.hypot(bx, by) || 1;
  const dx = bx / bl, dy = by / bl;
  ctx.save();
  ctx.beginPath();
  ctx.ellipse(c[0], c[1], R * 1.17, R * (0.88 + 0.12 * profile), rot, 0, Math.PI * 2);
  ctx.clip();
  ctx.fillStyle = shade(look.hair, 1);
  ctx.beginPath();
  const px = -dy, py = dx;
  const ox = c[0] + dx * hairline, oy = c[1] + dy * hairline;
  ctx.moveTo(ox + px * 3 * R, oy + py * 3 * R);
  ctx.lineTo(ox + px * 3 * R + dx * 3 * R, oy + py * 3 * R + dy * 3 * R);
  ctx.lineTo(ox - px * 3 * R + dx * 3 * R, oy - py * 3 * R + dy * 3 * R);
  ctx.lineTo(ox - px * 3 * R, oy - py * 3 * R);
  ctx.closePath();
  ctx.fill();
  ctx.restore();
  if (look.hairStyle === 'bun' || look.hairStyle === 'ponytail') {
    const back: P2 = [c[0] - ax * R * 0.95 * profile + ux * R * 0.45, c[1] - ay * R * 0.95 * profile + uy * R * 0.45];
    ctx.fillStyle = shade(look.hair, 0.9);
    ctx.beginPath();
    if (look.hairStyle === 'bun') ctx.arc(back[0], back[1], R * 0.42, 0, Math.PI * 2);
    else ctx.ellipse(back[0] - ux * R * 0.5, back[1] - uy * R * 0.5, R * 0.75, R * 0.25, rot, 0, Math.PI * 2);
    ctx.fill();
  }

  // Face features placed on the head in 3D and drawn when on the camera's side.
  const feature = (fa: number, fu: number, fr: number): { p: P2; z: number } => {
    const wx = anterior[0] * fa + bodyUp[0] * fu + right[0] * fr;
    const wy = anterior[1] * fa + bodyUp[1] * fu + right[1] * fr;
    const wz = anterior[2] * fa + bodyUp[2] * fu + right[2] * fr;
    // Follow the head axis in the image for the up component.
    const imageUp = fu * s;
    return { p: [c[0] + wx * s - bodyUp[0] * imageUp + ux * imageUp, c[1] - wy * s + bodyUp[1] * imageUp + uy * imageUp], z: wz * viewSign };
  };
  // Ear on the camera side.
  const earSide = right[2] * viewSign >= 0 ? 1 : -1;
  const ear = feature(-0.01, 0.0, 0.075 * earSide);
  if (ear.z > 0.02) {
    ctx.fillStyle = shade(look.skin, 0.8);
    ctx.beginPath();
    ctx.ellipse(ear.p[0], ear.p[1], R * 0.16, R * 0.24, rot, 0, Math.PI * 2);
    ctx.fill();
  }
  if (facing > -0.35) {
    for (const side of [-1, 1]) {
      const eye = feature(0.083, 0.02, 0.032 * side);
      if (eye.z < -0.035) continue;
      ctx.fillStyle = 'rgb(245,242,238)';
      ctx.beginPath();
      ctx.ellipse(eye.p[0], eye.p[1], R * 0.2, R * 0.12, rot + Math.PI / 2, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = 'rgb(35,25,20)';
      ctx.beginPath();
      ctx.arc(eye.p[0] + ax * R * 0.05, eye.p[1] + ay * R * 0.05, R * 0.1, 0, Math.PI * 2);
      ctx.fill();
      // brow
      ctx.strokeStyle = shade(look.hair, 0.9);
      ctx.lineWidth = Math.max(0.6, R * 0.07);
      ctx.beginPath();
      ctx.moveTo(eye.p[0] + ux * R * 0.2 - ax * R * 0.1, eye.p[1] + uy * R * 0.2 - ay * R * 0.1);
      ctx.lineTo(eye.p[0] + ux * R * 0.22 + ax * R * 0.12, eye.p[1] + uy * R * 0.22 + ay * R * 0.12);
      ctx.stroke();
    }
    // Nose: sticks out of the face outline in profile.
    const base = feature(0.088, -0.02, 0);
    const tip = feature(0.128, -0.035, 0);
    ctx.fillStyle = shade(look.skin, 0.95);
    ctx.beginPath();
    ctx.moveTo(base.p[0] + ux * R * 0.3, base.p[1] + uy * R * 0.3);
    ctx.lineTo(tip.p[0], tip.p[1]);
    ctx.lineTo(base.p[0] - ux * R * 0.12, base.p[1] - uy * R * 0.12);
    ctx.closePath();
    ctx.fill();
    ctx.strokeStyle = shade(look.skin, 0.6);
    ctx.lineWidth = Math.max(0.5, R * 0.05);
    ctx.stroke();
    // Mouth.
    const mouth = feature(0.085, -0.052, 0);
    ctx.strokeStyle = 'rgba(120,50,50,0.9)';
    ctx.lineWidth = Math.max(0.6, R * 0.07);
    ctx.beginPath();
    ctx.moveTo(mouth.p[0] - ax * R * 0.12, mouth.p[1] - ay * R * 0.12);
    ctx.lineTo(mouth.p[0] + ax * R * 0.06, mouth.p[1] + ay * R * 0.06);
    ctx.stroke();
  }
}

function projectDiver(dive: SimulatedDive, t: number, camera: CameraFrame): Projected {
  const world = worldPointsAt(dive, t);
  const p: P2[] = [];
  const z: number[] = [];
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    p.push(project(camera, world[i * 3] ?? 0, world[i * 3 + 1] ?? 0));
    z.push(world[i * 3 + 2] ?? 0);
  }
  const state = motionAt(dive, t);
  const m = orientationMatrix(state.orientation, dive.program.facing);
  const col = (j: number): [number, number, number] => [m[j] ?? 0, m[3 + j] ?? 0, m[6 + j] ?? 0];
  const mirror = camera.mirrored ? -1 : 1;
  const flip = (v: [number, number, number]): [number, number, number] => [v[0] * mirror, v[1], v[2]];
  return { p, z, scale: camera.scale, axes: { anterior: flip(col(0)), up: flip(col(1)), right: flip(col(2)) } };
}

type Part = { depth: number; draw: () => void };

function drawDiver(ctx: Ctx, pr: Projected, look: DiverLook, viewSign: number): void {
  const s = pr.scale * look.girth;
  const p = (lm: Landmark) => pr.p[lm] as P2;
  const zOf = (...lms: Landmark[]) => (lms.reduce((sum: number, lm) => sum + (pr.z[lm] ?? 0), 0) / lms.length) * viewSign;
  const torsoDepth = zOf(LM.pelvis, LM.thorax);
  const parts: Part[] = [];
  const far = (d: number) => (d < torsoDepth - 0.02 ? 0.82 : 1);
  for (const side of ['R', 'L'] as const) {
    const hip = side === 'R' ? LM.hipR : LM.hipL, knee = side === 'R' ? LM.kneeR : LM.kneeL, ankle = side === 'R' ? LM.ankleR : LM.ankleL;
    const heel = side === 'R' ? LM.heelR : LM.heelL, toe = side === 'R' ? LM.toeR : LM.toeL;
    const legDepth = zOf(hip, knee, ankle);
    const k = far(legDepth);
    parts.push({
      depth: legDepth,
      draw: () => {
        capsule(ctx, p(knee), p(ankle), 0.052 * s, 0.034 * s, look.skin, k);
        capsule(ctx, p(heel), p(toe), 0.03 * s, 0.018 * s, look.skin, k * 0.95);
        capsule(ctx, p(hip), p(knee), 0.085 * s, 0.055 * s, look.skin, k);
        if (look.suitStyle === 'jammer' || look.suitStyle === 'briefs') {
          const reach = look.suitStyle === 'jammer' ? 0.55 : 0.12;
          capsule(ctx, p(hip), lerp2(p(hip), p(knee), reach), 0.088 * s, (look.suitStyle === 'jammer' ? 0.068 : 0.083) * s, look.suit, k);
        }
      },
    });
    const shoulder = side === 'R' ? LM.shoulderR : LM.shoulderL, elbow = side === 'R' ? LM.elbowR : LM.elbowL;
    const wrist = side === 'R' ? LM.wristR : LM.wristL, hand = side === 'R' ? LM.handR : LM.handL;
    const armDepth = zOf(shoulder, elbow, wrist);
    const ka = far(armDepth);
    parts.push({
      depth: armDepth + 0.001,
      draw: () => {
        capsule(ctx, p(shoulder), p(elbow), 0.046 * s, 0.036 * s, look.skin, ka);
        capsule(ctx, p(elbow), p(wrist), 0.036 * s, 0.025 * s, look.skin, ka);
        capsule(ctx, p(wrist), p(hand), 0.026 * s, 0.016 * s, look.skin, ka * 0.97);
      },
    });
  }
  parts.push({
    depth: torsoDepth,
    draw: () => {
      capsule(ctx, p(LM.thorax), p(LM.upperNeck), 0.055 * s, 0.048 * s, look.skin, 0.92);
      fillOutline(ctx, torsoOutline(pr, look, -0.2, 1.06), look.skin, 1, pr);
      const suitTop = look.suitStyle === 'onepiece' ? 0.86 : 0.16;
      fillOutline(ctx, torsoOutline(pr, look, -0.2, suitTop), look.suit, 1, pr);
      if (look.accent !== null) fillOutline(ctx, torsoOutline(pr, look, suitTop - 0.1, suitTop - 0.04), look.accent, 1, pr);
      if (look.suitStyle === 'onepiece') {
        // Straps over the shoulders.
        ctx.strokeStyle = shade(look.suit, 0.9);
        ctx.lineWidth = Math.max(1, 0.03 * s);
        for (const shoulder of [LM.shoulderR, LM.shoulderL]) {
          ctx.beginPath();
          const from = lerp2(p(LM.pelvis), p(LM.thorax), 0.84);
          ctx.moveTo(from[0], from[1]);
          ctx.lineTo(...lerp2(p(LM.thorax), p(shoulder), 0.5));
          ctx.stroke();
        }
      }
      drawHead(ctx, pr, look, viewSign);
    },
  });
  parts.sort((a, b) => a.depth - b.depth);
  for (const part of parts) part.draw();
}

// ── splash ──────────────────────────────────────────────────────────────────────────────────────

interface Droplet {
  x: number;
  vx: number;
  vy: number;
  size: number;
  delay: number;
}

function splashDroplets(dive: SimulatedDive): Droplet[] {
  const r = new Random(`${String(dive.seed)}/${dive.runIndex}/splash`);
  const m = dive.splash.magnitude;
  const count = Math.round(25 + 120 * Math.min(2, m));
  return Array.from({ length: count }, () => ({
    x: r.normal(0, 0.12 + 0.15 * m),
    vx: r.normal(0, 0.8 + 1.4 * m),
    vy: r.uniform(1, 2.5 + 4.5 * Math.min(2, m)),
    size: r.uniform(0.015, 0.05 + 0.03 * m),
    delay: r.uniform(0, 0.12),
  }));
}

function drawSplash(ctx: Ctx, dive: SimulatedDive, t: number, camera: CameraFrame, droplets: readonly Droplet[], lobes: readonly number[]): void {
  const tau = t - dive.times.contact;
  if (tau <= 0) return;
  const entryX = motionAt(dive, dive.times.contact).com[0];
  const s = camera.scale;
  const [u0, v0] = project(camera, entryX, 0);
  // Foam on the surface: grows and fades over a few seconds.
  const foamR = (0.25 + 0.5 * Math.min(1.5, dive.splash.magnitude)) * Math.min(1, tau / 0.3 + 0.3) * s;
  const foamAlpha = Math.max(0, 0.75 - tau * 0.25);
  if (foamAlpha > 0) {
    ctx.fillStyle = `rgba(235,245,250,${foamAlpha.toFixed(3)})`;
    ctx.beginPath();
    ctx.ellipse(u0, v0 + 0.02 * s, foamR * 1.4, foamR * 0.22, 0, 0, Math.PI * 2);
    ctx.fill();
  }
  // Crown/column: the half-ellipse whose area is the truth's splash area, with a ragged rim.
  const { heightM, widthM } = splashShapeAt(dive.splash, tau);
  if (heightM > 0.005) {
    const hw = (widthM / 2) * s, h = heightM * s;
    const g = ctx.createLinearGradient(u0, v0 - h, u0, v0);
    g.addColorStop(0, 'rgba(250,252,255,0.92)');
    g.addColorStop(1, 'rgba(215,235,245,0.85)');
    ctx.fillStyle = g;
    ctx.beginPath();
    ctx.moveTo(u0 - hw, v0);
    const n = lobes.length;
    for (let i = 0; i <= n; i++) {
      const a = Math.PI - (i / n) * Math.PI;
      const wobble = 1 + 0.18 * (lobes[i % n] ?? 0);
      ctx.lineTo(u0 + Math.cos(a) * hw * wobble, v0 - Math.sin(a) * h * wobble);
    }
    ctx.lineTo(u0 + hw, v0);
    ctx.closePath();
    ctx.fill();
  }
  // Spray: droplets on ballistic paths until they fall back in.
  ctx.fillStyle = 'rgba(245,250,255,0.9)';
  for (const d of droplets) {
    const tt = tau - d.delay;
    if (tt <= 0) continue;
    const y = d.vy * tt - 4.9 * tt * tt;
    if (y < 0) continue;
    const [u, v] = project(camera, entryX + d.x + d.vx * tt, y);
    const r = Math.max(0.6, d.size * s);
    ctx.fillRect(u - r / 2, v - r / 2, r, r);
  }
}

// ── under water ─────────────────────────────────────────────────────────────────────────────────

interface Bubble {
  /** When it leaves the body, as a fraction of the time since the contact. */
  along: number;
  /** Where on the body (−1 feet … 1 head, along the stature) and how far to the side, metres. */
  onBody: number;
  side: number;
  radius: number;
  /** Rising speed, m/s. */
  rise: number;
}

/** The air the diver drags under: more for a bigger splash (a dive that rips drags little). */
function entryBubbles(dive: SimulatedDive): Bubble[] {
  const r = new Random(`${String(dive.seed)}/${dive.runIndex}/bubbles`);
  const count = Math.round(90 + 160 * Math.min(2, dive.splash.magnitude));
  return Array.from({ length: count }, () => ({
    along: r.uniform(0, 1),
    onBody: r.uniform(-1, 1),
    side: r.normal(0, 0.1 + 0.08 * dive.splash.magnitude),
    radius: r.uniform(0.008, 0.035),
    rise: r.uniform(0.15, 0.6),
  }));
}

/** Water, the pool's wall behind the diver and the surface seen from below, for an underwater camera. */
function drawUnderwaterScene(ctx: Ctx, camera: CameraFrame, t: number): void {
  const { width, height } = camera;
  const surface = project(camera, 0, 0)[1];
  const deep = project(camera, 0, -5)[1];
  const water = ctx.createLinearGradient(0, surface, 0, deep);
  water.addColorStop(0, 'rgb(72,162,188)');
  water.addColorStop(1, 'rgb(12,58,88)');
  ctx.fillStyle = water;
  ctx.fillRect(0, 0, width, height);
  // The far wall's tiles: grout lines every metre, fixed in the pool (they move with the camera).
  ctx.strokeStyle = 'rgba(8,40,66,0.35)';
  ctx.lineWidth = Math.max(1, 0.03 * camera.scale);
  for (let x = Math.floor(camera.cx - width / camera.scale); x <= camera.cx + width / camera.scale; x += 1) {
    const [u] = project(camera, x, 0);
    ctx.beginPath();
    ctx.moveTo(u, Math.max(0, surface));
    ctx.lineTo(u, height);
    ctx.stroke();
  }
  for (let y = -1; y >= -8; y -= 1) {
    const [, v] = project(camera, 0, y);
    if (v < 0 || v > height) continue;
    ctx.beginPath();
    ctx.moveTo(0, v);
    ctx.lineTo(width, v);
    ctx.stroke();
  }
  // Light coming down from the surface in slanted shafts that sway a little.
  for (let k = -6; k <= 6; k++) {
    const x = Math.round(camera.cx) + k * 0.9 + 0.15 * Math.sin(1.7 * t + k);
    const [u0, v0] = project(camera, x, 0);
    const [u1, v1] = project(camera, x + 1.2, -4.5);
    const w = 0.25 * camera.scale;
    ctx.fillStyle = 'rgba(210,240,250,0.07)';
    ctx.beginPath();
    ctx.moveTo(u0 - w, v0);
    ctx.lineTo(u0 + w, v0);
    ctx.lineTo(u1 + w * 1.8, v1);
    ctx.lineTo(u1 - w * 1.8, v1);
    ctx.closePath();
    ctx.fill();
  }
  // The surface from below: a bright, rippled mirror.
  if (surface > 0) {
    const sky = ctx.createLinearGradient(0, 0, 0, surface);
    sky.addColorStop(0, 'rgb(150,205,220)');
    sky.addColorStop(1, 'rgb(200,235,242)');
    ctx.fillStyle = sky;
    ctx.fillRect(0, 0, width, Math.min(height, surface));
    ctx.strokeStyle = 'rgba(240,252,255,0.8)';
    ctx.lineWidth = Math.max(1, 0.04 * camera.scale);
    ctx.beginPath();
    for (let u = 0; u <= width; u += 4) {
      const v = surface + 0.03 * camera.scale * Math.sin(u / (0.25 * camera.scale) + 3 * t);
      if (u === 0) ctx.moveTo(u, v);
      else ctx.lineTo(u, v);
    }
    ctx.stroke();
  }
}

/** The air dragged under: a bright cavity at first, then bubbles left along the body's way down, rising. */
function drawBubbles(ctx: Ctx, dive: SimulatedDive, t: number, camera: CameraFrame, bubbles: readonly Bubble[]): void {
  const tau = t - dive.times.contact;
  if (tau <= 0) return;
  const entryX = motionAt(dive, dive.times.contact).com[0];
  const cavityAlpha = Math.max(0, 0.55 - tau);
  if (cavityAlpha > 0) {
    const [u, v] = project(camera, entryX, -0.3);
    ctx.fillStyle = `rgba(225,245,252,${cavityAlpha.toFixed(3)})`;
    ctx.beginPath();
    ctx.ellipse(u, v, (0.25 + 0.2 * dive.splash.magnitude) * camera.scale, 0.45 * camera.scale, 0, 0, Math.PI * 2);
    ctx.fill();
  }
  const half = dive.body.statureM / 2;
  for (const b of bubbles) {
    const born = dive.times.contact + b.along * tau;
    const com = motionAt(dive, born).com;
    const y = Math.min(-0.02, com[1] + b.onBody * half + b.rise * (t - born));
    const [u, v] = project(camera, com[0] + b.side, y);
    const alpha = 0.75 - 0.35 * Math.min(1, tau);
    ctx.fillStyle = `rgba(235,248,255,${alpha.toFixed(3)})`;
    ctx.beginPath();
    ctx.arc(u, v, Math.max(0.6, b.radius * camera.scale), 0, Math.PI * 2);
    ctx.fill();
  }
}

// ── the springboard ─────────────────────────────────────────────────────────────────────────────

function drawSpringboard(ctx: Ctx, dive: SimulatedDive, t: number, camera: CameraFrame): void {
  const top = dive.program.boardHeightM;
  const dip = motionAt(dive, t).boardDip;
  const fulcrum = -2.6, back = -4.9;
  const yAt = (x: number) => (x <= fulcrum ? top : top - dip * ((x - fulcrum) / -fulcrum) ** 2);
  const upper: P2[] = [];
  const lower: P2[] = [];
  for (let i = 0; i <= 12; i++) {
    const x = back + ((0 - back) * i) / 12;
    upper.push(project(camera, x, yAt(x)));
    lower.push(project(camera, x, yAt(x) - 0.09));
  }
  ctx.fillStyle = 'rgb(232,238,244)';
  ctx.beginPath();
  const first = upper[0] as P2;
  ctx.moveTo(first[0], first[1]);
  for (const q of upper) ctx.lineTo(q[0], q[1]);
  for (const q of [...lower].reverse()) ctx.lineTo(q[0], q[1]);
  ctx.closePath();
  ctx.fill();
  ctx.strokeStyle = 'rgb(60,120,180)';
  ctx.lineWidth = Math.max(1, 0.025 * camera.scale);
  ctx.beginPath();
  for (const [i, q] of lower.entries()) {
    if (i === 0) ctx.moveTo(q[0], q[1]);
    else ctx.lineTo(q[0], q[1]);
  }
  ctx.stroke();
  // Fulcrum roller.
  const [fu, fv] = project(camera, fulcrum, top - 0.12);
  ctx.fillStyle = 'rgb(200,170,60)';
  ctx.beginPath();
  ctx.arc(fu, fv, Math.max(1.5, 0.07 * camera.scale), 0, Math.PI * 2);
  ctx.fill();
}

// ── frames ──────────────────────────────────────────────────────────────────────────────────────

export interface RenderOptions extends TruthOptions {
  /** Exposure time for the motion blur, seconds (default 1/500, a sports broadcast shutter: mild). 0 disables it. */
  shutterS?: number;
  /** Sub-frame samples averaged for the blur (default 4). */
  blurSamples?: number;
  /** Leave the diver (and splash) out: the same shot with only spectators and officials, a negative control for detectors. */
  hideDiver?: boolean;
}

export interface RenderedFrame {
  index: number;
  /** The frame (owned by the renderer: copy or encode it before asking for the next one). */
  canvas: Canvas;
  truth: FrameTruth;
}

export class DiveRenderer {
  readonly dive: SimulatedDive;
  readonly truth: DiveTruth;
  private readonly canvas: Canvas;
  private readonly ctx: Ctx;
  private readonly sample: Canvas;
  private readonly blur: Canvas;
  private readonly panorama: Canvas;
  private readonly look: DiverLook;
  private readonly droplets: Droplet[];
  private readonly lobes: number[];
  private readonly shutter: number;
  private readonly samples: number;
  private readonly hideDiver: boolean;
  private readonly bubbles: Bubble[];

  constructor(dive: SimulatedDive, truth: DiveTruth = diveTruth(dive), options: RenderOptions = {}) {
    this.dive = dive;
    this.truth = truth;
    const { width, height } = truth;
    this.canvas = createCanvas(width, height);
    this.ctx = this.canvas.getContext('2d');
    this.sample = createCanvas(width, height);
    this.blur = createCanvas(width, height);
    const venue = makeVenue(dive.appearance.venue);
    this.panorama = paintPanorama(venue, dive.appearance.venue, dive.program.boardHeightM, dive.program.apparatus);
    const a = dive.appearance;
    const bmi = dive.bodyParams.massKg / dive.bodyParams.statureM ** 2;
    this.look = {
      skin: a.skin, hair: a.hair, suit: a.suit, accent: a.suitAccent, hairStyle: a.hairStyle, suitStyle: a.suitStyle,
      girth: Math.sqrt(bmi / 21.5) * (dive.bodyParams.statureM / 1.72),
      female: dive.bodyParams.sex === 'female',
    };
    this.droplets = splashDroplets(dive);
    const lr = new Random(`${String(dive.seed)}/${dive.runIndex}/lobes`);
    this.lobes = Array.from({ length: 14 }, () => lr.normal(0, 1));
    this.shutter = options.shutterS ?? 1 / 500;
    this.samples = Math.max(1, options.blurSamples ?? 4);
    this.hideDiver = options.hideDiver === true;
    this.bubbles = entryBubbles(dive);
  }

  get frameCount(): number {
    return this.truth.frameCount;
  }

  /** Draws frame `index` and returns the (reused) canvas. */
  renderFrame(index: number): Canvas {
    const frame = this.truth.frames[index];
    if (frame === undefined) throw new RangeError(`frame ${index} out of 0–${this.truth.frameCount - 1}`);
    const { ctx, dive } = this;
    const camera = frame.camera;
    const { width, height } = this.truth;
    const underwater = camera.underwater === true;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (underwater) drawUnderwaterScene(ctx, camera, frame.time);
    else {
      // Background: the part of the panorama the camera sees (mirrored when filming from the other side).
      const ext = panoramaExtent(dive.program.boardHeightM);
      const R = PANORAMA_PX_PER_M;
      ctx.fillStyle = 'rgb(60,70,80)';
      ctx.fillRect(0, 0, width, height);
      const halfW = width / 2 / camera.scale, halfH = height / 2 / camera.scale;
      ctx.save();
      if (camera.mirrored) ctx.setTransform(-1, 0, 0, 1, width, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.panorama, (camera.cx - halfW - ext.x0) * R, (ext.y1 - (camera.cy + halfH)) * R, 2 * halfW * R, 2 * halfH * R, 0, 0, width, height);
      ctx.restore();
      if (dive.program.apparatus === 'springboard') drawSpringboard(ctx, dive, frame.time, camera);
    }
    if (this.hideDiver) return this.canvas;

    // The diver, averaged over the shutter time (mild motion blur), dimmed under the water.
    const sctx = this.sample.getContext('2d');
    const bctx = this.blur.getContext('2d');
    bctx.setTransform(1, 0, 0, 1, 0, 0);
    bctx.clearRect(0, 0, width, height);
    const viewSign = camera.mirrored ? -1 : 1;
    const n = this.shutter > 0 ? this.samples : 1;
    for (let k = 0; k < n; k++) {
      const t = frame.time + (n === 1 ? 0 : (k / (n - 1) - 0.5) * this.shutter);
      sctx.setTransform(1, 0, 0, 1, 0, 0);
      sctx.clearRect(0, 0, width, height);
      drawDiver(sctx, projectDiver(dive, t, camera), this.look, viewSign);
      bctx.globalCompositeOperation = 'lighter';
      bctx.globalAlpha = 1 / n;
      bctx.drawImage(this.sample, 0, 0);
    }
    bctx.globalCompositeOperation = 'source-over';
    bctx.globalAlpha = 1;
    const waterline = project(camera, 0, 0)[1];
    if (underwater) {
      // From below, the body under the surface is seen clearly, in the water's colour; above it, nothing.
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, Math.max(0, waterline), width, height);
      ctx.clip();
      ctx.drawImage(this.blur, 0, 0);
      ctx.fillStyle = 'rgba(20,100,140,0.3)';
      ctx.fillRect(0, Math.max(0, waterline), width, height);
      ctx.restore();
      drawBubbles(ctx, dive, frame.time, camera, this.bubbles);
      return this.canvas;
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, 0, width, Math.max(0, waterline));
    ctx.clip();
    ctx.drawImage(this.blur, 0, 0);
    ctx.restore();
    if (waterline < height) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, Math.max(0, waterline), width, height);
      ctx.clip();
      ctx.globalAlpha = 0.22;
      ctx.drawImage(this.blur, 0, 0);
      ctx.restore();
    }
    drawSplash(ctx, dive, frame.time, camera, this.droplets, this.lobes);
    return this.canvas;
  }

  frameJpeg(index: number, quality = 90): Buffer {
    return this.renderFrame(index).encodeSync('jpeg', quality);
  }

  framePng(index: number): Buffer {
    return this.renderFrame(index).encodeSync('png');
  }

  /** RGBA pixels of frame `index` (for feeding a pose model without encoding). */
  frameRgba(index: number): Uint8ClampedArray {
    const { width, height } = this.truth;
    return this.renderFrame(index).getContext('2d').getImageData(0, 0, width, height).data as Uint8ClampedArray;
  }
}

/**
 * Every frame of a dive with its truth (joints, visibility, square box, label, splash). The canvas is
 * reused from frame to frame: encode or copy it before taking the next.
 */
export function* renderDive(dive: SimulatedDive, options: RenderOptions = {}): Generator<RenderedFrame> {
  const renderer = new DiveRenderer(dive, diveTruth(dive, options), options);
  for (let index = 0; index < renderer.frameCount; index++) {
    yield { index, canvas: renderer.renderFrame(index), truth: renderer.truth.frames[index] as FrameTruth };
  }
}
