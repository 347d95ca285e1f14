import { fail, show } from './errors';

/** Portable operating-system images, mapped per target (AMI parameter, Azure marketplace image, vSphere template). */
export const IMAGES = ['ubuntu-24.04', 'ubuntu-22.04'] as const;
export type ImageId = (typeof IMAGES)[number];

/** The default image for VMs. */
export const DEFAULT_IMAGE: ImageId = 'ubuntu-24.04';

export function parseImage(value: unknown, path: string): ImageId {
  if (value === undefined) return DEFAULT_IMAGE;
  if (typeof value === 'string' && (IMAGES as readonly string[]).includes(value)) return value as ImageId;
  return fail({
    code: 'IMAGE_UNKNOWN',
    path,
    problem: 'unknown image',
    given: show(value),
    expected: `one of ${IMAGES.join(', ')}`,
    fix: 'choose a portable image pcloud can map to every target, or omit image for the default',
  });
}
