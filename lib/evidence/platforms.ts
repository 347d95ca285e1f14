import { firewallManifests, VSPHERE_OPERATOR_CONTROLS, type FirewallManifest } from '../firewall-manifest';
import { PLATFORMS, type EstateModel, type Platform } from '../model/types';
import { CATALOGUE } from '../policy/catalogue';
import { allResources, type RenderedOutputs } from '../policy/outputs';
import type { ResourceRef } from '../policy/types';
import { compareKeys } from './private/order';
import type { FirewallManifestEvidence, PlatformEvidence, PlatformLimitation } from './types';

/** The platform's own policy engine and the resource types that assign its policies. */
const GUARDRAILS: Record<Platform, { readonly engine: string | null; readonly noun: string; readonly types: readonly string[] }> = {
  aws: { engine: 'AWS Config', noun: 'Config rule', types: ['AWS::Config::ConfigRule', 'AWS::Config::ConformancePack', 'AWS::Config::OrganizationConformancePack'] },
  azure: {
    engine: 'Azure Policy',
    noun: 'policy assignment',
    types: [
      'azurerm_resource_group_policy_assignment',
      'azurerm_subscription_policy_assignment',
      'azurerm_management_group_policy_assignment',
      'azurerm_resource_policy_assignment',
    ],
  },
  vsphere: { engine: null, noun: '', types: [] },
};

/**
 * What each platform of the estate cannot do, said rather than pretended: rules with no
 * counterpart, run-time guardrails, and on vSphere the firewall manifest that stands in for the
 * firewall resources the provider does not have, and the controls left to the site's operators.
 */
export function platformEvidence(model: EstateModel, outputs?: RenderedOutputs): PlatformEvidence[] {
  const used = PLATFORMS.filter((p) => model.sites.some((s) => s.platform === p && model.networks.some((n) => n.site === s.id)));
  const resources = outputs ? allResources(outputs).map((r) => r.ref) : null;
  const manifests: { manifest: FirewallManifest; source: 'outputs' | 'model' }[] = outputs
    ? outputs.firewall.map((manifest) => ({ manifest, source: 'outputs' as const }))
    : firewallManifests(model).map((manifest) => ({ manifest, source: 'model' as const }));

  return used.map((platform) => {
    const sites = model.sites.filter((s) => s.platform === platform && model.networks.some((n) => n.site === s.id)).map((s) => s.id);
    const guardrail = GUARDRAILS[platform];
    const found = resources
      ? resources
          .filter((r) => r.platform === platform && guardrail.types.includes(r.type))
          .sort((a, b) => compareKeys([a.stack, a.id], [b.stack, b.id]))
      : null;
    const onSites = manifests.filter((m) => sites.includes(m.manifest.site));
    return {
      platform,
      sites,
      guardrails: { engine: guardrail.engine, statement: guardrailStatement(platform, found), resources: found },
      limitations: limitationsOf(platform),
      operatorControls: platform === 'vsphere' ? operatorControls(onSites.map((m) => m.manifest)) : [],
      notApplicableRules: CATALOGUE.filter((r) => r[platform] === 'n/a').map((r) => ({ rule: r.id, statement: r.statement })),
      firewallManifests: platform === 'vsphere' ? onSites.map(({ manifest, source }) => manifestEvidence(manifest, source)) : [],
    };
  });
}

function guardrailStatement(platform: Platform, found: readonly ResourceRef[] | null): string {
  if (platform === 'vsphere') {
    return (
      'vSphere has no policy engine: nothing on the platform re-evaluates the estate after deployment. ' +
      "pcloud's rules check the definition and the rendered Terraform at synthesis only, so drift made in vCenter " +
      'is not detected by the platform; the site operators must control change in vCenter.'
    );
  }
  const { engine, noun } = GUARDRAILS[platform];
  if (found === null) return `${engine} can evaluate the estate continuously; the rendered outputs were not read, so its ${noun}s are not listed.`;
  if (found.length === 0) return `${engine} can evaluate the estate continuously, but the rendered outputs hold no ${noun}.`;
  return `${engine} evaluates the estate continuously beside pcloud's rules: ${found.length} ${noun}${found.length === 1 ? '' : 's'} in the rendered outputs.`;
}

function limitationsOf(platform: Platform): PlatformLimitation[] {
  if (platform !== 'vsphere') return [];
  return [
    {
      topic: 'No firewall resources',
      statement:
        'The vSphere Terraform provider has no firewall resources. pcloud renders port groups, folders, resource pools, VMs and ' +
        'administrator permissions; declared flows, exchanges, shared services and the default deny go to the firewall manifest ' +
        'of each site, which the site firewall (NSX, a physical or a virtual appliance) must enforce.',
      rules: ['PCR-12', 'PCR-13'],
    },
    {
      topic: 'No VPN resources',
      statement:
        'The provider cannot configure an IPsec edge either: each interconnect of a vSphere site is written to the manifest ' +
        '(the site edge, the far end, the IKE/IPsec profile, the Code of Connection and IT Health Check, the routes of each ' +
        'segment) for the site firewall team to configure.',
      rules: ['PCR-10', 'PCR-31'],
    },
    {
      topic: 'No native run-time guardrails',
      statement: 'There is no policy engine comparable to AWS Config or Azure Policy: the estate is checked at synthesis, not while it runs.',
      rules: [],
    },
    {
      topic: 'Fault Tolerance encryption is an operator control',
      statement: 'The provider cannot set ftEncryptionMode: any VM given Fault Tolerance needs it set to ftEncryptionRequired by the site operators.',
      rules: ['PCR-09'],
    },
  ];
}

/** The operator controls of the site manifests, once each (the same list for every site today). */
function operatorControls(manifests: readonly FirewallManifest[]): PlatformEvidence['operatorControls'] {
  const all = manifests.length ? manifests.flatMap((m) => m.operatorControls) : VSPHERE_OPERATOR_CONTROLS;
  const seen = new Set<string>();
  return all.filter((c) => {
    const key = `${c.rule}|${c.control}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function manifestEvidence(manifest: FirewallManifest, source: 'outputs' | 'model'): FirewallManifestEvidence {
  return {
    site: manifest.site,
    vcenter: manifest.vcenter,
    defaultAction: manifest.defaultAction,
    rules: manifest.rules.length,
    allowRules: manifest.rules.filter((r) => r.action === 'allow').length,
    segments: manifest.segments.length,
    source,
  };
}
