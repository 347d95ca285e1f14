/**
 * The rule catalogue of ../shared/DOMAIN.md: ids, wording, where each applies, the NCSC cloud
 * security principles each serves and what each target does. Ids are stable API: tests, risk
 * acceptances and the evidence pack name them. The logic lives in rules/, one file per rule.
 */

/** Classification columns of the catalogue: O = OFFICIAL, OS = OFFICIAL-SENSITIVE, S = SECRET. */
export type Applies = 'O' | 'OS' | 'S';
export type Severity = 'error' | 'warning';

export interface CatalogueEntry {
  readonly id: string;
  readonly statement: string;
  readonly applies: readonly Applies[];
  /** NCSC cloud security principles (1–14). */
  readonly ncsc: readonly number[];
  /** What each target does for the rule; `n/a` when the target has no such thing. */
  readonly aws: string;
  readonly azure: string;
  readonly vsphere: string;
  /**
   * Severity of a finding on plain OFFICIAL, where the rule applies to it. On OFFICIAL-SENSITIVE
   * and SECRET a finding is always an error.
   */
  readonly officialSeverity: Severity;
}

const ALL: readonly Applies[] = ['O', 'OS', 'S'];

export const NCSC_PRINCIPLES: Readonly<Record<number, string>> = {
  1: 'Data in transit protection',
  2: 'Asset protection and resilience',
  3: 'Separation between customers',
  4: 'Governance framework',
  5: 'Operational security',
  6: 'Personnel security',
  7: 'Secure development',
  8: 'Supply chain security',
  9: 'Secure user management',
  10: 'Identity and authentication',
  11: 'External interface protection',
  12: 'Secure service administration',
  13: 'Audit information and alerting for customers',
  14: 'Secure use of the service',
};

export const CATALOGUE: readonly CatalogueEntry[] = [
  { id: 'PCR-01', statement: 'every network, enclave, workload and store carries a classification, and every network a current accreditation', applies: ALL, ncsc: [4], aws: 'tags', azure: 'tags', vsphere: 'tag category + tags', officialSeverity: 'error' },
  { id: 'PCR-02', statement: 'SECRET and above never on public cloud; TOP SECRET refused', applies: ['S'], ncsc: [2], aws: 'error', azure: 'error', vsphere: 'accredited-private site only', officialSeverity: 'error' },
  { id: 'PCR-03', statement: 'UK residency only', applies: ALL, ncsc: [2], aws: 'eu-west-2 (eu-west-1 never)', azure: 'uksouth / ukwest', vsphere: 'site country = UK', officialSeverity: 'error' },
  { id: 'PCR-04', statement: 'police data only in PASF facilities', applies: ['O', 'OS'], ncsc: [2], aws: 'region recorded as PASF', azure: 'region recorded as PASF', vsphere: 'site assurance = PASF', officialSeverity: 'error' },
  { id: 'PCR-05', statement: 'encryption at rest everywhere', applies: ALL, ncsc: [2], aws: 'EBS, RDS, S3, logs encrypted', azure: 'disk/host encryption, TDE, storage', vsphere: 'encryption storage policy', officialSeverity: 'error' },
  { id: 'PCR-06', statement: 'customer-managed keys, one key set per enclave', applies: ['OS', 'S'], ncsc: [2, 3], aws: 'KMS CMK per enclave', azure: 'Key Vault key per enclave', vsphere: 'key provider per enclave', officialSeverity: 'warning' },
  { id: 'PCR-07', statement: 'keys rotated and protected from deletion', applies: ['OS', 'S'], ncsc: [2], aws: 'rotation on, retain policy', azure: 'purge protection, soft delete', vsphere: 'key provider backup recorded', officialSeverity: 'warning' },
  { id: 'PCR-08', statement: 'TLS 1.2+ and HTTPS only in transit', applies: ALL, ncsc: [1], aws: 'SecureTransport deny, HTTPS listeners', azure: 'min TLS 1.2, HTTPS only', vsphere: 'TLS profile recorded', officialSeverity: 'error' },
  { id: 'PCR-09', statement: 'encrypted hypervisor migration', applies: ALL, ncsc: [1], aws: 'n/a', azure: 'n/a', vsphere: 'vMotion / FT encryption required', officialSeverity: 'warning' },
  { id: 'PCR-10', statement: 'hybrid and interconnect links encrypted (IPsec or equivalent)', applies: ALL, ncsc: [1], aws: 'VPN / TGW with IPsec', azure: 'VPN gateway', vsphere: 'IPsec edge recorded', officialSeverity: 'error' },
  { id: 'PCR-11', statement: 'one isolated enclave per force', applies: ALL, ncsc: [3], aws: 'own subnets, SGs, NACLs, key, log group', azure: 'own resource group, subnets, NSGs, vault', vsphere: 'own folder, resource pool, port groups', officialSeverity: 'error' },
  { id: 'PCR-12', statement: 'cross-enclave traffic only through a declared secure exchange', applies: ALL, ncsc: [3], aws: 'no undeclared SG/NACL path', azure: 'no undeclared NSG path or peering', vsphere: 'no shared port group', officialSeverity: 'error' },
  { id: 'PCR-13', statement: 'default-deny networking', applies: ALL, ncsc: [11], aws: 'default SG closed, NACL deny', azure: 'NSG deny-all rules', vsphere: 'firewall manifest default deny', officialSeverity: 'error' },
  { id: 'PCR-14', statement: 'no public IPs on workloads', applies: ['OS', 'S'], ncsc: [11], aws: 'no public IP, no IGW route to enclave', azure: 'no public IP on NICs', vsphere: 'no internet-facing port group', officialSeverity: 'warning' },
  { id: 'PCR-15', statement: 'no publicly reachable data stores', applies: ALL, ncsc: [11], aws: 'S3 public access block, private RDS', azure: 'no blob public access, default deny', vsphere: 'n/a', officialSeverity: 'error' },
  { id: 'PCR-16', statement: 'any internet boundary sits behind a WAF', applies: ALL, ncsc: [11], aws: 'WAF on the load balancer', azure: 'Application Gateway WAF', vsphere: 'WAF declared at the edge', officialSeverity: 'error' },
  { id: 'PCR-17', statement: 'administration only through a management path', applies: ALL, ncsc: [12], aws: 'no 22/3389 from anywhere; SSM', azure: 'Bastion, no 22/3389 inbound', vsphere: 'management port group only', officialSeverity: 'error' },
  { id: 'PCR-18', statement: 'MFA for human administrators', applies: ALL, ncsc: [10], aws: 'admin role requires MFA', azure: 'MFA recorded on admin group', vsphere: 'SSO with MFA recorded', officialSeverity: 'error' },
  { id: 'PCR-19', statement: 'least privilege: no wildcard admin, no inline policies', applies: ALL, ncsc: [9], aws: 'no `*:*`, no wildcard principal', azure: 'no Owner for tenant groups', vsphere: 'no Administrator at root', officialSeverity: 'error' },
  { id: 'PCR-20', statement: 'control-plane audit trail', applies: ALL, ncsc: [13], aws: 'CloudTrail, validated, encrypted', azure: 'activity log diagnostics', vsphere: 'vCenter log forwarding recorded', officialSeverity: 'error' },
  { id: 'PCR-21', statement: 'log retention at least 365 days', applies: ALL, ncsc: [13], aws: 'log groups >= 365', azure: 'workspace >= 365', vsphere: 'syslog sink >= 365 recorded', officialSeverity: 'warning' },
  { id: 'PCR-22', statement: 'immutable logs outside the tenant', applies: ['OS', 'S'], ncsc: [13], aws: 'log bucket with object lock', azure: 'immutable blob in log enclave', vsphere: 'remote syslog outside enclave', officialSeverity: 'warning' },
  { id: 'PCR-23', statement: 'flow logs to an authorised collector', applies: ALL, ncsc: [13], aws: 'VPC flow logs', azure: 'NSG / VNet flow logs', vsphere: 'IPFIX collector declared', officialSeverity: 'warning' },
  { id: 'PCR-24', statement: 'protective-monitoring feed to the force SOC / national centre', applies: ALL, ncsc: [13], aws: 'GuardDuty / Security Hub or SIEM export', azure: 'Defender / Sentinel or SIEM export', vsphere: 'SIEM target declared', officialSeverity: 'warning' },
  { id: 'PCR-25', statement: 'law-enforcement workloads declare a s.62 audit sink', applies: ['O', 'OS'], ncsc: [13], aws: 'enclave audit log group', azure: 'enclave audit table', vsphere: 'enclave audit syslog', officialSeverity: 'error' },
  { id: 'PCR-26', statement: 'every secure exchange names a current ISA (review date in the future)', applies: ALL, ncsc: [3], aws: 'tag + check', azure: 'tag + check', vsphere: 'tag + check', officialSeverity: 'error' },
  { id: 'PCR-27', statement: 'exchanges are private, mutually authenticated and disclosure-logged', applies: ALL, ncsc: [1, 13], aws: 'private path, allow-listed peers', azure: 'private endpoint', vsphere: 'dedicated segment + mTLS recorded', officialSeverity: 'error' },
  { id: 'PCR-28', statement: 'backups encrypted and kept in the UK', applies: ALL, ncsc: [2], aws: 'backup plan, encrypted vault', azure: 'UK recovery vault', vsphere: 'UK PASF backup target', officialSeverity: 'warning' },
  { id: 'PCR-29', statement: 'port-group layer-2 hardening', applies: ALL, ncsc: [3], aws: 'n/a', azure: 'n/a', vsphere: 'promiscuous, MAC changes, forged transmits off; no VLAN 1 or 4095', officialSeverity: 'error' },
  { id: 'PCR-30', statement: 'boot integrity', applies: ALL, ncsc: [14], aws: 'IMDSv2 required', azure: 'Trusted Launch: secure boot + vTPM', vsphere: 'EFI secure boot, vTPM', officialSeverity: 'warning' },
  { id: 'PCR-31', statement: 'PSN / community-network links need a current CoCo and ITHC', applies: ALL, ncsc: [11], aws: 'attachment metadata', azure: 'gateway metadata', vsphere: 'edge metadata', officialSeverity: 'error' },
  { id: 'PCR-32', statement: 'privileged groups carry a vetting level (NPPV2 full+; NPPV3 or SC for S)', applies: ALL, ncsc: [6], aws: 'role tags', azure: 'group metadata', vsphere: 'SSO group metadata', officialSeverity: 'error' },
];

export const RULE_IDS: readonly string[] = CATALOGUE.map((r) => r.id);

export function catalogueEntry(id: string): CatalogueEntry {
  const entry = CATALOGUE.find((r) => r.id === id);
  if (!entry) throw new Error(`pcloud internal error: no rule ${id} in the catalogue`);
  return entry;
}
