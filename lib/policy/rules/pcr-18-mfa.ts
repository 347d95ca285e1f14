import { cfnResources } from '../outputs';
import type { Problem, Rule } from '../types';
import { administratorRoles, describe, enclavesWithSite, perOwner, verdict } from './helpers';

/** PCR-18: MFA for human administrators: every administrator group, and vCenter SSO on vSphere. */
export const PCR_18: Rule = {
  id: 'PCR-18',
  model: ({ view }) =>
    enclavesWithSite(view).map(({ enclave, site }) => {
      const problems: Problem[] = enclave.administrators
        .filter((g) => !g.mfa)
        .map((g) => ({ problem: `administrator group ${g.name} does not require MFA`, fix: `set mfa: true on ${g.name}` }));
      if (site.vsphere && !site.vsphere.ssoMfa) problems.push({ problem: `vCenter of site ${site.id} is not recorded as enforcing MFA`, fix: `enforce MFA in vCenter SSO and record ssoMfa: true on site ${site.id}` });
      return verdict(enclave.path, problems, [], `${enclave.administrators.map((g) => g.name).join(', ')}: MFA required`);
    }),
  // An administrator role on AWS can be assumed only by a caller who signed in with MFA.
  outputs: ({ view, outputs }) =>
    perOwner(
      view,
      administratorRoles(cfnResources(outputs, 'AWS::IAM::Role')).map((resource) => {
        const trust = ((resource.properties.AssumeRolePolicyDocument as { Statement?: { Effect?: string; Condition?: { Bool?: Record<string, string> } }[] } | undefined)?.Statement ?? []).filter((s) => s.Effect === 'Allow');
        const mfa = trust.length > 0 && trust.every((s) => String(s.Condition?.Bool?.['aws:MultiFactorAuthPresent']) === 'true');
        return mfa ? { resource } : { resource, problem: { problem: `${describe(resource)} can be assumed without MFA`, fix: 'require aws:MultiFactorAuthPresent in its trust policy (a renderer bug: report it)' } };
      }),
    ),
};
