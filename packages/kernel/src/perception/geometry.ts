/**
 * Plane geometry for zones, in normalised image coordinates: x to the right, y DOWN (0,0 is the
 * top-left corner of the frame, 1,1 the bottom-right), as boxes and zone points are given.
 */

export type Point = readonly [number, number];
/** [x, y, w, h]: the top-left corner and the size, normalised. */
export type Box = readonly [number, number, number, number];

/** Points closer than this to an edge count as on it (float noise in normalised coordinates). */
export const EDGE_EPSILON = 1e-9;

/** Where an object "is" for zones: the bottom-centre of its box (its feet, the wheels on the road). */
export function anchorOf(box: Box): Point {
  return [box[0] + box[2] / 2, box[1] + box[3]];
}

/** Intersection over union of two boxes, 0..1. */
export function iou(a: Box, b: Box): number {
  const x1 = Math.max(a[0], b[0]);
  const y1 = Math.max(a[1], b[1]);
  const x2 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y2 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  if (inter === 0) return 0;
  return inter / (a[2] * a[3] + b[2] * b[3] - inter);
}

/**
 * Whether `p` is inside the polygon (any simple polygon, convex or concave). A point on an edge or a
 * vertex counts as inside, so an object standing exactly on a zone's border is in the zone.
 */
export function pointInPolygon(p: Point, polygon: readonly Point[]): boolean {
  const n = polygon.length;
  if (n < 3) return false;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = polygon[i] as Point;
    const b = polygon[j] as Point;
    if (onSegment(p, a, b)) return true;
    // Even-odd ray casting to the right; the half-open rule (a.y > p.y) !== (b.y > p.y) counts a
    // vertex exactly at the ray's height once, not twice.
    if (a[1] > p[1] !== b[1] > p[1]) {
      const xCross = a[0] + ((p[1] - a[1]) * (b[0] - a[0])) / (b[1] - a[1]);
      if (p[0] < xCross) inside = !inside;
    }
  }
  return inside;
}

/** Whether p lies on the segment a–b (within EDGE_EPSILON). */
export function onSegment(p: Point, a: Point, b: Point): boolean {
  const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (Math.abs(cross) > EDGE_EPSILON * Math.max(len, 1)) return false;
  return (
    p[0] >= Math.min(a[0], b[0]) - EDGE_EPSILON &&
    p[0] <= Math.max(a[0], b[0]) + EDGE_EPSILON &&
    p[1] >= Math.min(a[1], b[1]) - EDGE_EPSILON &&
    p[1] <= Math.max(a[1], b[1]) + EDGE_EPSILON
  );
}

/**
 * Which side of the directed line a→b the point is on: -1 left, +1 right, 0 on the line — "left" and
 * "right" as a person standing at `a` and looking towards `b` sees them on the image. (With y down,
 * the raw cross product's sign is the opposite of the textbook y-up one; this function hides that.)
 */
export function sideOf(p: Point, a: Point, b: Point): -1 | 0 | 1 {
  const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (Math.abs(cross) <= EDGE_EPSILON * Math.max(len, 1)) return 0;
  return cross > 0 ? 1 : -1;
}

/** Whether segments p1–p2 and q1–q2 intersect (touching counts). */
export function segmentsIntersect(p1: Point, p2: Point, q1: Point, q2: Point): boolean {
  const d1 = sideOf(q1, p1, p2);
  const d2 = sideOf(q2, p1, p2);
  const d3 = sideOf(p1, q1, q2);
  const d4 = sideOf(p2, q1, q2);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  // Touching and collinear cases: an end point lies on the other segment.
  return onSegment(q1, p1, p2) || onSegment(q2, p1, p2) || onSegment(p1, q1, q2) || onSegment(p2, q1, q2);
}

/** Twice the signed area (shoelace); 0 for a degenerate polygon. */
export function polygonArea(polygon: readonly Point[]): number {
  let sum = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i] as Point;
    const b = polygon[j] as Point;
    sum += (b[0] + a[0]) * (b[1] - a[1]);
  }
  return Math.abs(sum) / 2;
}

/** Whether any two non-adjacent edges of the polygon cross (a bow-tie is not a usable zone). */
export function selfIntersects(polygon: readonly Point[]): boolean {
  const n = polygon.length;
  for (let i = 0; i < n; i++) {
    const a1 = polygon[i] as Point;
    const a2 = polygon[(i + 1) % n] as Point;
    for (let j = i + 1; j < n; j++) {
      // Adjacent edges share a vertex; skip them (and the first/last pair).
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      const b1 = polygon[j] as Point;
      const b2 = polygon[(j + 1) % n] as Point;
      if (segmentsIntersect(a1, a2, b1, b2)) return true;
    }
  }
  return false;
}
