import { hashInt } from './hash';

/**
 * Picks a slot for `key` in `[0, size)`: the slot its hash prefers, or the next free one after it.
 *
 * Addresses, VLANs, rule numbers and priorities are allocated this way rather than by position in a
 * list, so that adding, removing or reordering other items leaves an item where it was unless two
 * items wanted the same slot. Returns undefined when every slot is taken.
 */
export function stableSlot(key: string, size: number, isFree: (slot: number) => boolean): number | undefined {
  if (size <= 0) return undefined;
  const start = hashInt(key) % size;
  for (let i = 0; i < size; i++) {
    const slot = (start + i) % size;
    if (isFree(slot)) return slot;
  }
  return undefined;
}

/**
 * Allocates a distinct slot to each key, in the order given. `reserved` slots are never handed out.
 * Returns the allocation, or the first key for which no slot was left.
 */
export function allocateSlots(
  keys: readonly string[],
  size: number,
  reserved: Iterable<number> = [],
): { readonly slots: ReadonlyMap<string, number>; readonly exhaustedAt?: string } {
  const taken = new Set(reserved);
  const slots = new Map<string, number>();
  for (const key of keys) {
    const slot = stableSlot(key, size, (s) => !taken.has(s));
    if (slot === undefined) return { slots, exhaustedAt: key };
    taken.add(slot);
    slots.set(key, slot);
  }
  return { slots };
}
