import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as aws from '../../../constructs/aws';
import { Classification } from '../../../lib/classification';
import { ACCREDITATION } from '../../fixtures/sites';

export const ENV = { account: '111122223333', region: 'eu-west-2' };

/** A force's own stack with an accredited network and one enclave. */
export function ownStack(classification = Classification.OFFICIAL_SENSITIVE) {
  const app = new App();
  const stack = new Stack(app, 'KentPolicing', { env: ENV });
  const network = new aws.AccreditedNetwork(stack, 'Network', {
    addressSpace: '10.20.0.0/16',
    ceiling: Classification.OFFICIAL_SENSITIVE,
    accreditation: ACCREDITATION,
    estate: 'kent',
    assurance: { level: 'PASF', reference: 'PASF-AWS-TEST' },
  });
  const enclave = new aws.TenantEnclave(stack, 'Kent', { network, tenant: 'kent', classification, addressSpace: '10.20.4.0/22' });
  return { app, stack, network, enclave };
}

export function template(stack: Stack): Template {
  return Template.fromStack(stack);
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>;

export function resourcesOfType(t: Template, type: string): Resources {
  return t.findResources(type) as Resources;
}
