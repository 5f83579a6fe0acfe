/**
 * Splash at entry. Its size grows with the entry's deviation from vertical, a broken body line,
 * hands that do not make a hole (no "rip"), legs apart or bent, and with entry speed and body mass.
 * The visible splash is modelled as a crown/column over the entry point, a half-ellipse of height
 * h(τ) and width w(τ) τ seconds after contact; its area is exactly π·h·w/4, which is what the
 * renderer draws and what the truth records per frame (the paper's s_i, eq. 21).
 */

export interface SplashInputs {
  /** Entry angle off vertical, degrees (sign ignored). */
  entryAngleDeg: number;
  /** Hip angle at entry, degrees (sign ignored). */
  alignmentDeg: number;
  /** 0 flat hands, rip entry … 1 hands apart (head-first entries only). */
  handsApart: number;
  feetApartM: number;
  kneeBendDeg: number;
  /** Speed at contact, m/s. */
  entrySpeed: number;
  massKg: number;
  headFirst: boolean;
}

export interface SplashModel {
  /** Dimensionless size: ~0.1 a rip entry, ~0.5 a visible splash, 1.5+ a crash. */
  magnitude: number;
  maxHeightM: number;
  maxWidthM: number;
  riseS: number;
  decayS: number;
  /** Seconds after contact when the splash is gone (area below 1% of its peak). */
  durationS: number;
}

export function splashModel(input: SplashInputs): SplashModel {
  const angle = Math.abs(input.entryAngleDeg);
  let m = input.headFirst ? 0.07 : 0.14;
  m += 0.33 * Math.min(7, Math.pow(angle / 12, 1.5));
  m += 0.18 * (Math.abs(input.alignmentDeg) / 15);
  if (input.headFirst) m += 0.32 * input.handsApart;
  m += 0.15 * (input.feetApartM / 0.3) + 0.1 * (input.kneeBendDeg / 30);
  m *= Math.pow(Math.max(3, input.entrySpeed) / 13, 0.8) * Math.pow(input.massKg / 60, 0.33);
  const magnitude = Math.min(3, m);
  const riseS = 0.12 + 0.1 * magnitude;
  const decayS = 0.22 + 0.18 * magnitude;
  return {
    magnitude,
    maxHeightM: 0.22 + 1.15 * magnitude,
    maxWidthM: 0.32 + 0.85 * magnitude,
    riseS,
    decayS,
    durationS: riseS + decayS * Math.log(100),
  };
}

/** Height and width of the splash τ seconds after contact (0 before contact and after it has gone). */
export function splashShapeAt(model: SplashModel, tau: number): { heightM: number; widthM: number } {
  if (tau <= 0 || tau >= model.durationS) return { heightM: 0, widthM: 0 };
  const rise = Math.min(1, tau / model.riseS);
  const profile = tau < model.riseS ? Math.sin((rise * Math.PI) / 2) : Math.exp(-(tau - model.riseS) / model.decayS);
  return { heightM: model.maxHeightM * profile, widthM: model.maxWidthM * (0.55 + 0.45 * rise) };
}

/** Splash area in m² τ seconds after contact. */
export function splashAreaAt(model: SplashModel, tau: number): number {
  const { heightM, widthM } = splashShapeAt(model, tau);
  return (Math.PI * heightM * widthM) / 4;
}

/**
 * The paper's eq. 21: S_splash = ∫ s(t) dt ≈ Σ (s_i + s_{i+1})/2 · Δt over the frames in which a
 * splash is present (consecutive pairs with at least one non-zero area).
 */
export function splashScore(areas: readonly number[], fps: number): number {
  const dt = 1 / fps;
  let sum = 0;
  for (let i = 0; i + 1 < areas.length; i++) {
    const a = areas[i] ?? 0, b = areas[i + 1] ?? 0;
    if (a > 0 || b > 0) sum += ((a + b) / 2) * dt;
  }
  return sum;
}
