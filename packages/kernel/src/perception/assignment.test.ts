import { describe, expect, it } from 'vitest';
import { assignCameras, type AssignableWorker } from './assignment.js';

const w = (id: string, name: string, wants: '*' | string[], assigned: string[] = [], registeredAt = 0): AssignableWorker => ({
  id, name, wants: wants === '*' ? '*' : new Set(wants), registeredAt, assigned: new Set(assigned),
});
const plain = (m: Map<string, Set<string>>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]));

describe('assignCameras', () => {
  it('shares cameras between same-named workers and gives each name its own copy', () => {
    const result = assignCameras(['a', 'b', 'c', 'd'], [w('m1', 'motion', '*', [], 1), w('m2', 'motion', '*', [], 2), w('y1', 'yolo', ['b'])]);
    expect(plain(result)).toEqual({ m1: ['a', 'c'], m2: ['b', 'd'], y1: ['b'] });
  });

  it('keeps cameras where they are when a worker joins, and hands a leaving worker\'s cameras on', () => {
    const before = assignCameras(['a', 'b'], [w('m1', 'motion', '*', ['a', 'b'], 1), w('m2', 'motion', '*', [], 2)]);
    expect(plain(before)).toEqual({ m1: ['a', 'b'], m2: [] });
    const after = assignCameras(['a', 'b'], [w('m2', 'motion', '*', [], 2)]);
    expect(plain(after)).toEqual({ m2: ['a', 'b'] });
  });

  it('only assigns cameras a worker wants, and only cameras that are sampled', () => {
    expect(plain(assignCameras(['a'], [w('m1', 'motion', ['b'])]))).toEqual({ m1: [] });
  });
});
