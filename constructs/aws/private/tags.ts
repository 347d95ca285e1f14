import { Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Applies pcloud's standard tags to every taggable resource under `scope`. */
export function applyTags(scope: IConstruct, tags: Readonly<Record<string, string>>, priority?: number): void {
  for (const [key, value] of Object.entries(tags)) Tags.of(scope).add(key, value, priority !== undefined ? { priority } : {});
}

/**
 * Tags that name what a connectivity resource is for, beside the standard ones: the exchange and
 * its Information Sharing Agreement (rule PCR-26), the interconnect with its Code of Connection and
 * IT Health Check (rule PCR-31), the shared service.
 */
export const CONNECTIVITY_TAG_KEYS = {
  exchange: 'pcloud:exchange',
  isa: 'pcloud:isa',
  sharedService: 'pcloud:shared-service',
  interconnect: 'pcloud:interconnect',
  coco: 'pcloud:coco',
  cocoExpires: 'pcloud:coco-expires',
  ithc: 'pcloud:ithc',
  ithcDate: 'pcloud:ithc-date',
} as const;

/** Tags a resource with an interconnect's Code of Connection and IT Health Check, where given (rule PCR-31). */
export function tagAssurance(
  scope: IConstruct,
  link: { readonly coco?: { readonly reference: string; readonly expires: string }; readonly ithc?: { readonly reference: string; readonly date: string } },
): void {
  if (link.coco) {
    Tags.of(scope).add(CONNECTIVITY_TAG_KEYS.coco, link.coco.reference);
    Tags.of(scope).add(CONNECTIVITY_TAG_KEYS.cocoExpires, link.coco.expires);
  }
  if (link.ithc) {
    Tags.of(scope).add(CONNECTIVITY_TAG_KEYS.ithc, link.ithc.reference);
    Tags.of(scope).add(CONNECTIVITY_TAG_KEYS.ithcDate, link.ithc.date);
  }
}
