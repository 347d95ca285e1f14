import { allocateSlots, stableSlot } from '../../lib/allocate';

describe('stable slot allocation', () => {
  test('gives each key a distinct slot and the same slot every time', () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const first = allocateSlots(keys, 8);
    const second = allocateSlots(keys, 8);
    expect(first.exhaustedAt).toBeUndefined();
    expect(new Set(first.slots.values()).size).toBe(5);
    expect([...first.slots]).toEqual([...second.slots]);
  });

  test('adding or removing another key leaves a key without a collision where it was', () => {
    const keys = Array.from({ length: 20 }, (_, i) => `enclave-${i}`);
    const before = allocateSlots(keys, 4096).slots;
    const after = allocateSlots([...keys.slice(0, 7), ...keys.slice(8), 'new-enclave'], 4096).slots;
    for (const key of keys.filter((k) => k !== 'enclave-7')) expect(after.get(key)).toBe(before.get(key));
  });

  test('never hands out a reserved slot', () => {
    const { slots, exhaustedAt } = allocateSlots(['x', 'y'], 4, [0, 1]);
    expect(exhaustedAt).toBeUndefined();
    expect([...slots.values()].sort()).toEqual([2, 3]);
  });

  test('reports the first key it could not place', () => {
    const result = allocateSlots(['x', 'y', 'z'], 2);
    expect(result.exhaustedAt).toBe('z');
    expect(stableSlot('q', 0, () => true)).toBeUndefined();
  });
});
