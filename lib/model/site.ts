import { fail, show } from '../errors';
import { IMAGES, ImageId } from '../images';
import { requireGatewayAddress } from './interconnect';
import { requireDays, requireString } from './checks';
import type { AssuranceLevel, SiteAssurance, SiteModel, VsphereSiteModel, VsphereTemplateModel } from './types';

/** The only AWS region in the United Kingdom. */
export const AWS_UK_REGIONS: readonly string[] = ['eu-west-2'];
/** Azure's United Kingdom regions. */
export const AZURE_UK_LOCATIONS: readonly string[] = ['uksouth', 'ukwest'];

/** Microsoft publishes a PASF assessment of its UK Azure data centres, so Azure sites rely on it by default. */
export const AZURE_UK_PASF: SiteAssurance = Object.freeze({
  level: 'PASF',
  reference: 'Microsoft Azure UK South and UK West PASF assessment (Microsoft Service Trust Portal, "UK PASF")',
});

export interface AwsSiteProps {
  /** 12-digit AWS account id. */
  readonly account: string;
  /**
   * AWS region.
   * @default 'eu-west-2' (London, the only UK region)
   */
  readonly region?: string;
  /**
   * The physical assurance this estate relies on for the region (rule PCR-04 reads it).
   * @default - none recorded: record the PASF assessment your accreditor accepted
   */
  readonly assurance?: SiteAssurance;
}

export interface AzureSiteProps {
  /** Azure subscription id (a GUID). */
  readonly subscriptionId: string;
  /**
   * Azure region.
   * @default 'uksouth'
   */
  readonly location?: string;
  /**
   * The physical assurance relied on.
   * @default - Microsoft's published UK PASF assessment
   */
  readonly assurance?: SiteAssurance;
  /**
   * Break-glass administrator for Linux VMs: Azure refuses a VM without one. Password login is
   * always off; day-to-day administration goes through the management path.
   * @default - none: the site cannot host VMs
   */
  readonly vmAdmin?: { readonly username?: string; readonly sshPublicKey: string };
}

/** A vSphere VM template: a name, or a name and whether it supports a vTPM. */
export type VsphereTemplate = string | { readonly name: string; readonly vtpm?: boolean };

export interface VsphereSiteProps {
  /** Who runs the data centre. */
  readonly operator: 'supplier' | 'force';
  /** ISO 3166-1 alpha-2 country of the data centre; must be `GB`. */
  readonly country: string;
  /** PASF for a supplier or force data centre; accredited-private for sites that may hold SECRET. */
  readonly assurance: SiteAssurance;
  /** vCenter server host name. */
  readonly server: string;
  readonly datacenter: string;
  readonly cluster: string;
  readonly datastore: string;
  readonly distributedSwitch: string;
  /** VM template per portable image, e.g. `{ 'ubuntu-24.04': { name: 'tpl-ubuntu-2404', vtpm: true } }`. */
  readonly templates: Readonly<Partial<Record<ImageId, VsphereTemplate>>>;
  /**
   * Template for database workloads (a VM with the database engine installed).
   * @default - none: the site cannot host databases
   */
  readonly databaseTemplate?: VsphereTemplate;
  /**
   * VM storage policy that encrypts VM homes and disks (needs a key provider in vCenter).
   * @default 'VM Encryption Policy' (vCenter's built-in encryption policy)
   */
  readonly encryptionStoragePolicy?: string;
  /**
   * VLAN ids pcloud may allocate to port groups.
   * @default { min: 100, max: 3999 }
   */
  readonly vlanRange?: { readonly min: number; readonly max: number };
  /**
   * DNS domain for guest customisation.
   * @default 'police.internal'
   */
  readonly dnsDomain?: string;
  /**
   * DNS servers for guest customisation.
   * @default - none: the template's resolver configuration is kept
   */
  readonly dnsServers?: readonly string[];
  /**
   * Where vCenter and ESXi logs are forwarded: the site's audit trail. The vSphere provider cannot
   * configure it; pcloud records it in the firewall manifest and rules PCR-20 to PCR-24 read it.
   * @default - none recorded (the rules report it)
   */
  readonly logForwarding?: { readonly target: string; readonly tls?: boolean; readonly retentionDays?: number; readonly immutable?: boolean };
  /**
   * IPFIX collector the distributed switch's port groups export flows to (rule PCR-23).
   * @default - none: port groups export no flows
   */
  readonly ipfixCollector?: string;
  /**
   * Backup target of the site's VMs (rule PCR-28).
   * @default - none recorded
   */
  readonly backupTarget?: { readonly name: string; readonly country?: string; readonly encrypted?: boolean };
  /**
   * vCenter sign-in goes through SSO with multi-factor authentication (rule PCR-18).
   * @default false: not recorded
   */
  readonly ssoMfa?: boolean;
  /**
   * vCenter and ESXi TLS profile in force, e.g. `NIST_2024` (TLS 1.2+ only; rule PCR-08).
   * @default - none recorded
   */
  readonly tlsProfile?: string;
  /**
   * vCenter key provider that encrypts VMs, and whether its backup is recorded (rules PCR-06, PCR-07).
   * @default - none recorded
   */
  readonly keyProvider?: { readonly name: string; readonly backupRecorded?: boolean };
  /**
   * vCenter SSO domain of the administrator groups (their permissions name `DOMAIN\\group`).
   * @default 'vsphere.local'
   */
  readonly ssoDomain?: string;
  /**
   * The site's internet edge (its firewall), which terminates IPsec interconnects. The vSphere
   * provider cannot configure it; pcloud writes the tunnel parameters to the firewall manifest.
   * @default - none: the site cannot be an end of an interconnect
   */
  readonly edge?: { readonly publicAddress: string; readonly device?: string };
}

const ASSURANCE_LEVELS: readonly AssuranceLevel[] = ['PASF', 'accredited-private'];

export function resolveAwsSite(id: string, props: AwsSiteProps): SiteModel {
  const account = requireString(props?.account, id, 'account', 'the 12-digit AWS account id, e.g. "111122223333"');
  if (!/^\d{12}$/.test(account)) {
    fail({
      code: 'AWS_ACCOUNT_INVALID',
      path: id,
      problem: 'AWS account id is not 12 digits',
      given: show(props.account),
      expected: 'a 12-digit AWS account id',
      fix: 'copy the account id from the AWS console or `aws sts get-caller-identity`',
    });
  }
  const region = props.region ?? 'eu-west-2';
  if (!AWS_UK_REGIONS.includes(region)) {
    fail({
      code: 'REGION_OUTSIDE_UK',
      path: id,
      problem: 'AWS region is outside the United Kingdom',
      given: show(region),
      expected: `a UK region: ${AWS_UK_REGIONS.join(', ')} (London)`,
      fix: 'police data stays in the UK (rule PCR-03); use region "eu-west-2"',
    });
  }
  return {
    id,
    platform: 'aws',
    operator: 'public-cloud',
    country: 'GB',
    ...(props.assurance ? { assurance: resolveAssurance(props.assurance, id) } : {}),
    aws: { account, region, zones: [`${region}a`, `${region}b`] },
  };
}

export function resolveAzureSite(id: string, props: AzureSiteProps): SiteModel {
  const subscriptionId = requireString(props?.subscriptionId, id, 'subscriptionId', 'the subscription GUID');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(subscriptionId)) {
    fail({
      code: 'AZURE_SUBSCRIPTION_INVALID',
      path: id,
      problem: 'Azure subscription id is not a GUID',
      given: show(subscriptionId),
      expected: 'a GUID such as "00000000-0000-0000-0000-000000000000"',
      fix: 'copy the id from `az account show --query id`',
    });
  }
  const given = props.location ?? 'uksouth';
  const location = typeof given === 'string' ? given.toLowerCase().replace(/\s+/g, '') : given;
  if (typeof location !== 'string' || !AZURE_UK_LOCATIONS.includes(location)) {
    fail({
      code: 'REGION_OUTSIDE_UK',
      path: id,
      problem: 'Azure location is outside the United Kingdom',
      given: show(given),
      expected: `a UK location: ${AZURE_UK_LOCATIONS.join(', ')}`,
      fix: 'police data stays in the UK (rule PCR-03); use location "uksouth" or "ukwest"',
    });
  }
  return {
    id,
    platform: 'azure',
    operator: 'public-cloud',
    country: 'GB',
    assurance: resolveAssurance(props.assurance ?? AZURE_UK_PASF, id),
    azure: {
      subscriptionId: subscriptionId.toLowerCase(),
      location,
      ...(props.vmAdmin !== undefined ? { vmAdmin: resolveVmAdmin(props.vmAdmin, id) } : {}),
    },
  };
}

export function resolveVsphereSite(id: string, props: VsphereSiteProps): SiteModel {
  const text = (field: keyof VsphereSiteProps, what: string) => requireString(props?.[field], id, field, what);
  if (props?.operator !== 'supplier' && props?.operator !== 'force') {
    fail({
      code: 'SITE_OPERATOR_INVALID',
      path: id,
      problem: 'vSphere site operator is not "supplier" or "force"',
      given: show(props?.operator),
      expected: '"supplier" for a supplier data centre, "force" for a force\'s own estate',
      fix: 'set operator',
    });
  }
  const country = typeof props.country === 'string' ? props.country.trim().toUpperCase() : props.country;
  if (country !== 'GB' && country !== 'UK') {
    fail({
      code: 'REGION_OUTSIDE_UK',
      path: id,
      problem: 'vSphere site is outside the United Kingdom',
      given: show(props.country),
      expected: '"GB" (ISO 3166-1 code of the United Kingdom)',
      fix: 'police data stays in the UK (rule PCR-03); only UK data centres can be sites',
    });
  }
  if (props.assurance === undefined) {
    fail({
      code: 'SITE_ASSURANCE_MISSING',
      path: id,
      problem: 'vSphere site records no physical assurance',
      expected: 'assurance: { level: "PASF" | "accredited-private", reference: "<assessment reference>" }',
      fix: 'record the PASF or accreditation assessment this data centre holds',
    });
  }
  const templates: Partial<Record<ImageId, VsphereTemplateModel>> = {};
  const givenTemplates = props.templates ?? {};
  if (typeof givenTemplates !== 'object' || Object.keys(givenTemplates).length === 0) {
    fail({
      code: 'VSPHERE_TEMPLATES_MISSING',
      path: id,
      problem: 'vSphere site has no VM templates',
      given: show(props.templates),
      expected: `a template for at least one image of ${IMAGES.join(', ')}`,
      fix: "add templates: { 'ubuntu-24.04': { name: 'tpl-ubuntu-2404', vtpm: true } }",
    });
  }
  for (const [image, template] of Object.entries(givenTemplates)) {
    if (!(IMAGES as readonly string[]).includes(image)) {
      fail({
        code: 'IMAGE_UNKNOWN',
        path: `${id}/templates`,
        problem: 'template given for an unknown image',
        given: show(image),
        expected: `one of ${IMAGES.join(', ')}`,
        fix: 'key templates by portable image id',
      });
    }
    templates[image as ImageId] = resolveTemplate(template, `${id}/templates/${image}`);
  }
  const vlanRange = props.vlanRange ?? { min: 100, max: 3999 };
  const vlanOk = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 2 && n <= 4094;
  if (!vlanOk(vlanRange.min) || !vlanOk(vlanRange.max) || vlanRange.min > vlanRange.max) {
    fail({
      code: 'VLAN_RANGE_INVALID',
      path: id,
      problem: 'VLAN range is not usable',
      given: show(vlanRange),
      expected: 'min and max between 2 and 4094, min ≤ max (VLAN 1 is the default VLAN and 4095 is trunking: never used)',
      fix: 'set vlanRange to the VLANs the network team reserved for pcloud, e.g. { min: 100, max: 3999 }',
    });
  }
  return {
    id,
    platform: 'vsphere',
    operator: props.operator,
    country: 'GB',
    assurance: resolveAssurance(props.assurance, id),
    vsphere: {
      server: text('server', 'the vCenter host name, e.g. "vcenter.dc1.example.police.uk"'),
      datacenter: text('datacenter', 'the datacenter name'),
      cluster: text('cluster', 'the compute cluster name'),
      datastore: text('datastore', 'the datastore name'),
      distributedSwitch: text('distributedSwitch', 'the distributed switch name'),
      templates,
      ...(props.databaseTemplate !== undefined
        ? { databaseTemplate: resolveTemplate(props.databaseTemplate, `${id}/databaseTemplate`) }
        : {}),
      encryptionStoragePolicy: props.encryptionStoragePolicy ?? 'VM Encryption Policy',
      vlanRange: { min: vlanRange.min, max: vlanRange.max },
      dnsDomain: props.dnsDomain ?? 'police.internal',
      dnsServers: [...(props.dnsServers ?? [])],
      ...siteFacts(props, id),
    },
  };
}

function resolveVmAdmin(admin: AzureSiteProps['vmAdmin'], path: string): { username: string; sshPublicKey: string } {
  const username = admin?.username ?? 'pcloudadmin';
  const key = typeof admin?.sshPublicKey === 'string' ? admin.sshPublicKey.trim() : '';
  if (!/^(ssh-rsa|ssh-ed25519) [A-Za-z0-9+/]+={0,3}( \S.*)?$/.test(key) || !/^[a-z_][a-z0-9_-]{0,31}$/.test(username) || ['root', 'admin', 'administrator'].includes(username)) {
    fail({
      code: 'AZURE_VM_ADMIN_INVALID',
      path: `${path}/vmAdmin`,
      problem: 'VM administrator is not a Linux user name and an SSH public key',
      given: show(admin),
      expected: '{ username?: "pcloudadmin" (not root/admin), sshPublicKey: "ssh-ed25519 AAAA..." or "ssh-rsa AAAA..." }',
      fix: 'give the public half of the break-glass key held by the platform team',
    });
  }
  return { username, sshPublicKey: key };
}

/** The facts a vSphere site records about controls the provider cannot set. */
function siteFacts(
  props: VsphereSiteProps,
  id: string,
): Pick<VsphereSiteModel, 'logForwarding' | 'ipfixCollector' | 'backupTarget' | 'ssoMfa' | 'tlsProfile' | 'keyProvider' | 'ssoDomain' | 'edge'> {
  const text = (value: unknown, field: string, what: string) => requireString(value, id, field, what);
  const forwarding = props.logForwarding;
  const backup = props.backupTarget;
  if (props.ssoMfa !== undefined && typeof props.ssoMfa !== 'boolean') {
    fail({ code: 'FIELD_INVALID', path: id, problem: 'ssoMfa is not true or false', given: show(props.ssoMfa), expected: 'true or false', fix: 'set ssoMfa: true when vCenter SSO enforces MFA' });
  }
  return {
    ...(forwarding !== undefined
      ? {
          logForwarding: {
            target: text(forwarding?.target, 'logForwarding.target', 'the syslog collector, e.g. "syslog.nmc.example:6514"'),
            tls: forwarding.tls ?? true,
            retentionDays: requireDays(forwarding.retentionDays ?? 365, id, 'logForwarding.retentionDays'),
            immutable: forwarding.immutable ?? false,
          },
        }
      : {}),
    ...(props.ipfixCollector !== undefined ? { ipfixCollector: text(props.ipfixCollector, 'ipfixCollector', 'the collector address, e.g. "10.40.255.20:4739"') } : {}),
    ...(backup !== undefined
      ? {
          backupTarget: {
            name: text(backup?.name, 'backupTarget.name', 'the backup system, e.g. "Veeam repository DC2"'),
            country: typeof backup.country === 'string' ? backup.country.toUpperCase().replace('UK', 'GB') : 'GB',
            encrypted: backup.encrypted ?? true,
          },
        }
      : {}),
    ssoMfa: props.ssoMfa === true,
    ...(props.tlsProfile !== undefined ? { tlsProfile: text(props.tlsProfile, 'tlsProfile', 'the TLS profile name, e.g. "NIST_2024"') } : {}),
    ...(props.keyProvider !== undefined
      ? { keyProvider: { name: text(props.keyProvider?.name, 'keyProvider.name', 'the vCenter key provider name'), backupRecorded: props.keyProvider.backupRecorded === true } }
      : {}),
    ssoDomain: props.ssoDomain === undefined ? 'vsphere.local' : text(props.ssoDomain, 'ssoDomain', 'the SSO domain, e.g. "vsphere.local"'),
    ...(props.edge !== undefined
      ? {
          edge: {
            publicAddress: requireGatewayAddress(props.edge?.publicAddress, id, 'edge.publicAddress'),
            device: props.edge.device === undefined ? 'site firewall' : text(props.edge.device, 'edge.device', 'the edge device, e.g. "Palo Alto PA-3410 pair"'),
          },
        }
      : {}),
  };
}

function resolveTemplate(template: VsphereTemplate, path: string): VsphereTemplateModel {
  if (typeof template === 'string' && template.trim()) return { name: template, vtpm: false };
  if (typeof template === 'object' && template !== null && typeof template.name === 'string' && template.name.trim()) {
    return { name: template.name, vtpm: template.vtpm === true };
  }
  return fail({
    code: 'VSPHERE_TEMPLATE_INVALID',
    path,
    problem: 'template is not a name',
    given: show(template),
    expected: 'a template name, or { name, vtpm }',
    fix: 'give the name of the VM template in vCenter',
  });
}

function resolveAssurance(assurance: SiteAssurance, path: string): SiteAssurance {
  if (!assurance || !ASSURANCE_LEVELS.includes(assurance.level) || typeof assurance.reference !== 'string' || !assurance.reference.trim()) {
    fail({
      code: 'SITE_ASSURANCE_INVALID',
      path,
      problem: 'site assurance is not a level and a reference',
      given: show(assurance),
      expected: `{ level: ${ASSURANCE_LEVELS.map((l) => `"${l}"`).join(' | ')}, reference: "<assessment reference>" }`,
      fix: 'record the assessment the site holds and its reference',
    });
  }
  return { level: assurance.level, reference: assurance.reference.trim() };
}
