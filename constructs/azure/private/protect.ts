import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import type { Construct } from 'constructs';
import { azureNames } from '../../../lib/naming/azure';
import { preventDestroy } from '../../terraform';

/** A stateful resource: anything with an ARM id that Terraform can be told never to destroy. */
export interface StatefulResource {
  addOverride(path: string, value: unknown): void;
}

/**
 * Protects a stateful resource twice: `prevent_destroy` stops Terraform planning its deletion, and a
 * CanNotDelete lock stops anyone else (portal, CLI, another pipeline) deleting it.
 */
export function protect(scope: Construct, id: string, resource: StatefulResource, armId: string, name: string): ManagementLock {
  preventDestroy(resource);
  return new ManagementLock(scope, id, {
    name: azureNames.managementLock(name),
    scope: armId,
    lockLevel: 'CanNotDelete',
    notes: 'Stateful resource of an accredited estate (pcloud): lift the lock only in a reviewed change.',
  });
}
