import { describe, expect, it } from 'vitest';
import { anchorOf, iou, pointInPolygon, polygonArea, segmentsIntersect, selfIntersects, sideOf, type Point } from './geometry.js';

// A "U" opening upwards: concave, with a notch from y=0.1 down to y=0.6 between x=0.4 and x=0.6.
const U: Point[] = [
  [0.1, 0.1], [0.4, 0.1], [0.4, 0.6], [0.6, 0.6], [0.6, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9],
];

describe('geometry', () => {
  it('takes the bottom-centre of a box as the object point', () => {
    expect(anchorOf([0.2, 0.1, 0.4, 0.5])).toEqual([0.4, 0.6]);
  });

  it('tells inside from outside in a concave polygon, including the notch', () => {
    expect(pointInPolygon([0.2, 0.5], U)).toBe(true); // left arm
    expect(pointInPolygon([0.8, 0.3], U)).toBe(true); // right arm
    expect(pointInPolygon([0.5, 0.8], U)).toBe(true); // bottom bar
    expect(pointInPolygon([0.5, 0.3], U)).toBe(false); // in the notch
    expect(pointInPolygon([0.5, 0.05], U)).toBe(false); // above the notch
    expect(pointInPolygon([0.95, 0.5], U)).toBe(false);
    // A ray through two vertices at the same height (y = 0.6 and y = 0.1) is counted correctly.
    expect(pointInPolygon([0.2, 0.6], U)).toBe(true);
    expect(pointInPolygon([0.05, 0.6], U)).toBe(false);
    expect(pointInPolygon([0.05, 0.1], U)).toBe(false);
  });

  it('counts points on an edge or a vertex as inside', () => {
    expect(pointInPolygon([0.5, 0.6], U)).toBe(true); // on the notch's floor
    expect(pointInPolygon([0.4, 0.35], U)).toBe(true); // on the notch's wall
    expect(pointInPolygon([0.1, 0.9], U)).toBe(true); // a vertex
    expect(pointInPolygon([0.9, 0.5], U)).toBe(true); // the right edge
    expect(pointInPolygon([0.9 + 1e-6, 0.5], U)).toBe(false);
    const tri: Point[] = [[0, 0], [1, 0], [0, 1]];
    expect(pointInPolygon([0.5, 0.5], tri)).toBe(true); // on the hypotenuse
    expect(pointInPolygon([0.5, 0.5000001], tri)).toBe(false);
  });

  it('names sides as seen from the first point looking at the second (image y points down)', () => {
    const a: Point = [0, 0.5];
    const b: Point = [1, 0.5];
    expect(sideOf([0.5, 0.2], a, b)).toBe(-1); // above the line = on the left when looking right
    expect(sideOf([0.5, 0.8], a, b)).toBe(1);
    expect(sideOf([0.5, 0.5], a, b)).toBe(0);
    expect(sideOf([0.5, 0.2], b, a)).toBe(1);
  });

  it('intersects segments, touching included', () => {
    expect(segmentsIntersect([0, 0], [1, 1], [0, 1], [1, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [0.4, 0.4], [0, 1], [1, 0])).toBe(false);
    expect(segmentsIntersect([0, 0], [0.5, 0.5], [0, 1], [1, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [1, 0], [0.5, 0], [2, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [1, 0], [1.5, 0], [2, 0])).toBe(false);
  });

  it('measures overlap (IoU), area and self-intersection', () => {
    expect(iou([0, 0, 0.5, 0.5], [0, 0, 0.5, 0.5])).toBe(1);
    expect(iou([0, 0, 0.5, 0.5], [0.25, 0, 0.5, 0.5])).toBeCloseTo(1 / 3);
    expect(iou([0, 0, 0.1, 0.1], [0.5, 0.5, 0.1, 0.1])).toBe(0);
    expect(polygonArea(U)).toBeCloseTo(0.64 - 0.1);
    expect(polygonArea([[0, 0], [0.5, 0.5], [1, 1]])).toBe(0);
    expect(selfIntersects(U)).toBe(false);
    expect(selfIntersects([[0, 0], [1, 1], [1, 0], [0, 1]])).toBe(true);
  });
});
