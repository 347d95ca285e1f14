import type { AdministratorGroupModel, EnclaveModel, EstateModel, SiteModel } from '../model/types';
import { stableId } from '../model/renamed-from';
import { EstateView } from '../model/view';
import { awsNames } from '../naming/aws';
import { azureNames } from '../naming/azure';
import { vsphereNames } from '../naming/vsphere';
import { TAG_KEYS, enclaveTags } from '../tags';
import type { AdministratorGrantEvidence, EnclaveAdministrationEvidence } from './types';

/**
 * Who may administer what: for each enclave, each administrator group with its vetting and MFA,
 * and what it is granted on the enclave's platform, named as the target constructs name it (IAM
 * role, Azure resource group, vCenter folder and resource pool). A group that cannot be granted
 * anything (an Azure group without an Entra ID object id) says so instead of pretending.
 */
export function administrationEvidence(model: EstateModel): EnclaveAdministrationEvidence[] {
  const view = new EstateView(model);
  return model.enclaves.map((enclave) => {
    const site = view.siteOfEnclave(enclave);
    return {
      enclave: enclave.path,
      site: site.id,
      platform: site.platform,
      classification: enclave.classification,
      groups: enclave.administrators.map((group) => grantOf(view, site, enclave, group)),
    };
  });
}

function grantOf(view: EstateView, site: SiteModel, enclave: EnclaveModel, group: AdministratorGroupModel): AdministratorGrantEvidence {
  const base = { name: group.name, vetting: group.vetting, mfa: group.mfa };
  const estate = view.model.name;
  const network = view.networkOf(enclave);
  // A renamed network or enclave keeps the names and tags of its previous ids, as its resources do.
  const [networkName, enclaveName] = [stableId(network), stableId(enclave)];

  if (site.platform === 'aws') {
    const role = awsNames.administratorRole(estate, networkName, enclaveName, group.name);
    const boundary = awsNames.administratorPolicy(estate, networkName, enclaveName, 'boundary');
    const tag = `${TAG_KEYS.enclave}=${enclaveTags(estate, network, enclave)[TAG_KEYS.enclave]}`;
    const account = site.aws ? ` in account ${site.aws.account}` : '';
    return {
      ...base,
      granted: true,
      principal: role,
      role,
      scope: [`resources tagged ${tag}`],
      // The role's trust policy demands MFA whatever the group records (PCR-18 fails on a group recorded without it).
      grant:
        `IAM role ${role}${account}, assumable only with MFA${group.mfa ? '' : ' (which the group does not record)'}, ` +
        `confined by its permissions boundary ${boundary} to resources tagged ${tag}`,
    };
  }

  if (site.platform === 'azure') {
    const resourceGroup = azureNames.resourceGroup(estate, networkName, enclaveName);
    const role = group.azureRole === 'enclave-operator' ? "enclave-operator (pcloud's custom role)" : `${group.azureRole} (built-in role)`;
    if (!group.entraObjectId) {
      return {
        ...base,
        granted: false,
        principal: null,
        role,
        azureRole: group.azureRole,
        scope: [`resource group ${resourceGroup}`],
        grant: 'nothing is granted on Azure: no Entra ID object id recorded',
      };
    }
    return {
      ...base,
      granted: true,
      principal: group.entraObjectId,
      role,
      azureRole: group.azureRole,
      scope: [`resource group ${resourceGroup}`],
      // An Azure role assignment cannot demand MFA: Entra ID Conditional Access enforces it.
      grant: `Azure role ${role} on resource group ${resourceGroup}, assigned to Entra ID group ${group.entraObjectId} (MFA enforced by Entra ID, not by the assignment)`,
    };
  }

  const vsphere = site.vsphere!;
  const principal = vsphereNames.ssoPrincipal(vsphere.ssoDomain, group);
  const folder = vsphereNames.enclaveFolder(estate, networkName, enclaveName);
  const pool = vsphereNames.resourcePool(estate, networkName, enclaveName);
  const role = vsphereNames.enclaveOperatorRole(estate);
  return {
    ...base,
    granted: true,
    principal,
    role,
    scope: [`folder ${folder}`, `resource pool ${pool}`],
    grant:
      `vCenter SSO principal ${principal} holds pcloud's enclave-operator role ${role} on folder ${folder} and resource pool ${pool}, propagated to the VMs in them, ` +
      `in vCenter ${vsphere.server} (${vsphere.ssoMfa ? 'SSO sign-in with MFA' : 'SSO sign-in not recorded as enforcing MFA'})`,
  };
}
