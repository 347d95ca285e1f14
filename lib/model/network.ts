import { Cidr } from '../cidr';
import { Classification } from '../classification';
import { fail, show } from '../errors';
import { requireDays, requireIsoDate, requireProps, requireString } from './checks';
import { resolveRenamedFrom } from './renamed-from';
import type { AccreditationModel, NetworkModel, SiteModel } from './types';

/** The accreditation a network holds. */
export interface AccreditationRecord {
  /** Accrediting authority, e.g. "NPIRMT" or "Kent Police SIRO". */
  readonly authority: string;
  /** The accreditation reference. */
  readonly reference: string;
  /** Date issued, YYYY-MM-DD. */
  readonly issued: string;
  /** Date it expires, YYYY-MM-DD. */
  readonly expires: string;
}

export interface AccreditedNetworkProps {
  /** Private IPv4 address space of the network, /8 to /23, e.g. `10.20.0.0/16`. */
  readonly addressSpace: string;
  /**
   * The highest classification the network is accredited for.
   * @default Classification.OFFICIAL
   */
  readonly ceiling?: Classification;
  readonly accreditation: AccreditationRecord;
  /**
   * Free text for the evidence pack.
   * @default - none
   */
  readonly description?: string;
  /**
   * How long flow logs are kept. Less than 365 days breaks rule PCR-21 and needs a risk acceptance.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * The id this network had before it was renamed, exactly as it was written. Identity is the
   * construct id, so a new id alone would replace everything in the network. With `renamedFrom`,
   * its stack, cloud names and allocations keep the previous id, CloudFormation keeps its
   * logical ids and Terraform gets `moved` blocks to the new addresses, so nothing is replaced;
   * the model, findings and evidence use the new id.
   *
   * Keep it for as long as the network exists: names and logical ids depend on it, and removing it
   * is a rename back that replaces everything (the `moved` blocks are no-ops once applied).
   * Rename a network once: a second rename keeps `renamedFrom` at the first id, and a Terraform
   * environment that deployed the first rename has no `moved` block from the id in between.
   * @default - not renamed
   */
  readonly renamedFrom?: string;
}

/** Logs are kept a year unless a definition says longer (DPA 2018 sets no period; rule PCR-21). */
export const DEFAULT_LOG_RETENTION_DAYS = 365;

/** Networks must leave room for their services block (a /24) and at least one enclave. */
export const MAX_NETWORK_PREFIX = 23;
export const SERVICES_PREFIX = 24;

/**
 * Validates a network's props against its site and returns its model. Throws a PcloudError for a
 * malformed or public address space, a classification the site may not hold or a bad record.
 */
export function resolveNetwork(path: string, id: string, givenProps: AccreditedNetworkProps, site: SiteModel): NetworkModel {
  const props = requireProps(givenProps, path, 'AccreditedNetwork');
  const cidr = Cidr.parsePrivate(props.addressSpace, { path, field: 'addressSpace' });
  if (cidr.prefix < 8 || cidr.prefix > MAX_NETWORK_PREFIX) {
    fail({
      code: 'NETWORK_SIZE_INVALID',
      path,
      problem: `network address space /${cidr.prefix} is ${cidr.prefix < 8 ? 'larger than /8' : 'too small'}`,
      given: show(props.addressSpace),
      expected: `a prefix from /8 to /${MAX_NETWORK_PREFIX}: the last /24 is kept for network services and enclaves need room`,
      fix: 'give the network a /16 to /20 for a handful of enclaves',
    });
  }
  const ceiling = props.ceiling === undefined ? Classification.OFFICIAL : Classification.from(props.ceiling, path, 'ceiling');
  checkPlacement(ceiling, site, path, 'ceiling');
  const renamedFrom = resolveRenamedFrom(props.renamedFrom, id, path);
  return {
    path,
    id,
    ...(renamedFrom !== undefined ? { renamedFrom } : {}),
    site: site.id,
    cidr: cidr.toString(),
    servicesCidr: cidr.subnet(SERVICES_PREFIX, cidr.count(SERVICES_PREFIX) - 1).toString(),
    ceiling: ceiling.marking,
    accreditation: resolveAccreditation(props.accreditation, path),
    ...(props.description !== undefined ? { description: String(props.description) } : {}),
    flowLogRetentionDays: requireDays(props.flowLogRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, path, 'flowLogRetentionDays'),
  };
}

/**
 * Refuses TOP SECRET everywhere, SECRET on public cloud, and SECRET on a site that is not
 * accredited-private (rule PCR-02, enforced at construction).
 */
export function checkPlacement(c: Classification, site: SiteModel, path: string, field: string): void {
  if (c.level === 'TOP SECRET') {
    fail({
      code: 'TOP_SECRET_REFUSED',
      path,
      problem: 'TOP SECRET is out of scope for pcloud',
      given: c.marking,
      expected: 'OFFICIAL, OFFICIAL-SENSITIVE or SECRET',
      fix: 'TOP SECRET systems are accredited and built outside pcloud; lower the ' + field + ' or remove the construct',
    });
  }
  if (c.isSecretOrAbove && site.operator === 'public-cloud') {
    fail({
      code: 'SECRET_ON_PUBLIC_CLOUD',
      path,
      problem: `SECRET is not allowed on public cloud (site "${site.id}" is ${site.platform})`,
      given: c.marking,
      expected: 'OFFICIAL or OFFICIAL-SENSITIVE on public cloud; SECRET only on an accredited-private site',
      fix: `place the network on a vSphere site with assurance "accredited-private", or lower the ${field}`,
    });
  }
  if (c.isSecretOrAbove && site.assurance?.level !== 'accredited-private') {
    fail({
      code: 'SECRET_NEEDS_ACCREDITED_PRIVATE',
      path,
      problem: `SECRET needs an accredited-private site; site "${site.id}" is ${site.assurance?.level ?? 'unassured'}`,
      given: c.marking,
      expected: 'a site with assurance level "accredited-private"',
      fix: `move the network to an accredited-private site or lower the ${field}`,
    });
  }
}

function resolveAccreditation(record: AccreditationRecord, networkPath: string): AccreditationModel {
  const path = `${networkPath}/accreditation`;
  if (typeof record !== 'object' || record === null) {
    fail({
      code: 'ACCREDITATION_MISSING',
      path: networkPath,
      problem: 'network has no accreditation record',
      given: show(record),
      expected: '{ authority, reference, issued: "YYYY-MM-DD", expires: "YYYY-MM-DD" }',
      fix: 'record who accredited the network, the reference and the dates',
    });
  }
  const issued = requireIsoDate(record.issued, path, 'issued');
  const expires = requireIsoDate(record.expires, path, 'expires');
  if (expires <= issued) {
    fail({
      code: 'ACCREDITATION_DATES_INVALID',
      path,
      problem: 'accreditation expires on or before the day it was issued',
      given: `issued ${issued}, expires ${expires}`,
      expected: 'an expiry date after the issue date',
      fix: 'check the dates on the accreditation certificate',
    });
  }
  return {
    authority: requireString(record.authority, path, 'authority', 'the accrediting authority, e.g. "NPIRMT"'),
    reference: requireString(record.reference, path, 'reference', 'the accreditation reference'),
    issued,
    expires,
  };
}
