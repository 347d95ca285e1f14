import { Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ClassificationMarking } from '../../../lib/classification';
import { NO_TENANT, TAG_KEYS, type StandardTags } from '../../../lib/tags';

/** Applies pcloud's standard tags to every taggable resource under `scope`. */
export function applyTags(scope: IConstruct, tags: Readonly<Record<string, string>>, priority?: number): void {
  for (const [key, value] of Object.entries(tags)) Tags.of(scope).add(key, value, priority !== undefined ? { priority } : {});
}

/**
 * Tags of a site's own resources (audit trail, log archive, detectors), which belong to no single
 * network, enclave or tenant. They hold the logs of every enclave of the site, so they carry the
 * highest classification those may have.
 */
export function siteTags(estate: string, classification: ClassificationMarking): StandardTags {
  return {
    [TAG_KEYS.classification]: classification,
    [TAG_KEYS.force]: NO_TENANT,
    [TAG_KEYS.enclave]: NO_TENANT,
    [TAG_KEYS.network]: NO_TENANT,
    [TAG_KEYS.accreditation]: NO_TENANT,
    [TAG_KEYS.managedBy]: 'pcloud',
    [TAG_KEYS.estate]: estate,
  } as StandardTags;
}
