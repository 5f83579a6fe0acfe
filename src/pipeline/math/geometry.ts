/** Plane geometry shared by the pose stage and the analysis (pure). */

const DEG = 180 / Math.PI;

/** Angle at b between b→a and b→c, degrees; NaN when either arm has no length. */
export function vertexAngle(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const ux = ax - bx, uy = ay - by, vx = cx - bx, vy = cy - by;
  const nu = Math.hypot(ux, uy), nv = Math.hypot(vx, vy);
  if (!(nu > 0) || !(nv > 0)) return Number.NaN;
  const cos = Math.min(1, Math.max(-1, (ux * vx + uy * vy) / (nu * nv)));
  return Math.acos(cos) * DEG;
}
