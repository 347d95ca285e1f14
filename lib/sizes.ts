import { fail, show } from './errors';

/** Portable workload sizes; each target maps them to its own instance types. */
export const SIZES = ['small', 'medium', 'large', 'xlarge'] as const;
export type Size = (typeof SIZES)[number];

/** vCPU and memory behind each portable size: what every target's mapping provides. */
export const SIZE_SHAPES: Readonly<Record<Size, { readonly vcpus: number; readonly memoryGiB: number }>> = {
  small: { vcpus: 2, memoryGiB: 8 },
  medium: { vcpus: 4, memoryGiB: 16 },
  large: { vcpus: 8, memoryGiB: 32 },
  xlarge: { vcpus: 16, memoryGiB: 64 },
};

export function parseSize(value: unknown, path: string): Size {
  if (value === undefined) return 'small';
  if (typeof value === 'string' && (SIZES as readonly string[]).includes(value)) return value as Size;
  return fail({
    code: 'SIZE_UNKNOWN',
    path,
    problem: 'unknown workload size',
    given: show(value),
    expected: `one of ${SIZES.join(', ')}`,
    fix: 'use a portable size; pcloud maps it to each target (for example medium is 4 vCPU and 16 GiB)',
  });
}
