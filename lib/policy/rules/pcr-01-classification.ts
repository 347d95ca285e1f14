import { TAG_KEYS } from '../../tags';
import { allResources, type OutputResource } from '../outputs';
import type { Rule } from '../types';
import { compliant, describe, nonCompliant, perOwner } from './helpers';

const REQUIRED = [TAG_KEYS.classification, TAG_KEYS.force, TAG_KEYS.enclave, TAG_KEYS.network, TAG_KEYS.accreditation, TAG_KEYS.managedBy];

/** AWS types that must carry tags whatever aws-cdk-lib does with the rest. */
const MUST_TAG_AWS = new Set(['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::Instance', 'AWS::EC2::SecurityGroup', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::RDS::DBInstance', 'AWS::S3::Bucket']);

/** vSphere objects that carry tag ids. */
const VSPHERE_TAGGED = new Set(['vsphere_virtual_machine', 'vsphere_folder', 'vsphere_resource_pool', 'vsphere_distributed_port_group']);

/**
 * PCR-01: everything carries its classification, and every network a current accreditation.
 * The model holds a classification for every construct by construction; the outputs are checked
 * for the standard tags, because that is where the classification travels at run time.
 */
export const PCR_01: Rule = {
  id: 'PCR-01',
  model: ({ model, today }) => [
    ...model.networks.map((n) =>
      n.accreditation.expires < today
        ? nonCompliant(n.path, [
            {
              problem: `accreditation ${n.accreditation.reference} expired on ${n.accreditation.expires}`,
              fix: `renew the accreditation with ${n.accreditation.authority} and record the new dates`,
            },
          ])
        : compliant(n.path, [], `classified ${n.ceiling}; accreditation ${n.accreditation.reference} by ${n.accreditation.authority} valid until ${n.accreditation.expires}`),
    ),
    ...model.enclaves.map((e) => compliant(e.path, [], `classified ${e.classification}`)),
    ...model.workloads.map((w) => compliant(w.path, [], `classified ${w.classification}`)),
  ],
  outputs: ({ view, outputs }) =>
    perOwner(
      view,
      allResources(outputs).flatMap((resource) => {
        const missing = missingTags(resource);
        if (missing === undefined) return [];
        return [
          missing.length
            ? { resource, problem: { problem: `${describe(resource)} lacks the tags ${missing.join(', ')}`, fix: 'tag it with the standard pcloud tags (a renderer bug: report it)' } }
            : { resource },
        ];
      }),
    ),
};

/** Required tags a resource lacks, or undefined when the resource does not carry tags. */
function missingTags(resource: OutputResource): string[] | undefined {
  const p = resource.properties;
  if (resource.ref.platform === 'aws') {
    const tags = p.Tags;
    if (Array.isArray(tags)) {
      const keys = new Set(tags.map((t: { Key?: string }) => t.Key));
      return REQUIRED.filter((k) => !keys.has(k));
    }
    return MUST_TAG_AWS.has(resource.ref.type) ? REQUIRED : undefined;
  }
  if (resource.ref.platform === 'azure') {
    if (typeof p.tags !== 'object' || p.tags === null) return undefined;
    const keys = new Set(Object.keys(p.tags as object));
    return REQUIRED.filter((k) => !keys.has(k));
  }
  if (!VSPHERE_TAGGED.has(resource.ref.type)) return undefined;
  const ids = Array.isArray(p.tags) ? p.tags.length : 0;
  return ids >= REQUIRED.length ? [] : [`${REQUIRED.length - ids} of the standard tag ids`];
}
