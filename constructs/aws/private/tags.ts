import { Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Applies pcloud's standard tags to every taggable resource under `scope`. */
export function applyTags(scope: IConstruct, tags: Readonly<Record<string, string>>, priority?: number): void {
  for (const [key, value] of Object.entries(tags)) Tags.of(scope).add(key, value, priority !== undefined ? { priority } : {});
}
