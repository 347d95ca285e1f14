import { cfnResources, tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, nonCompliant, stacks, verdict } from './helpers';

/** PCR-24: a protective-monitoring feed from every site to the SOC. */
export const PCR_24: Rule = {
  id: 'PCR-24',
  model: ({ model }) =>
    model.sites
      .filter((s) => model.networks.some((n) => n.site === s.id))
      .map((site) => {
        const m = model.monitoring;
        if (site.vsphere) {
          return site.vsphere.logForwarding
            ? compliant(site.id, [], `${m.soc} receives the site's logs from ${site.vsphere.logForwarding.target}`)
            : nonCompliant(site.id, [{ problem: `site ${site.id} declares no SIEM target for ${m.soc}`, fix: `record logForwarding to the SOC's collector on site ${site.id}` }]);
        }
        if (m.nativeThreatDetection) return compliant(site.id, [], `${site.aws ? 'GuardDuty and Security Hub' : 'Defender for Cloud'} for ${m.soc}`);
        if (m.siemExport) return compliant(site.id, [], `events exported to ${m.siemExport.kind} at ${m.siemExport.endpoint} for ${m.soc}`);
        return nonCompliant(site.id, [{ problem: 'native threat detection is off and no SIEM export is declared', fix: 'turn nativeThreatDetection on, or declare monitoring.siemExport' }]);
      }),
  outputs: ({ model, outputs }) =>
    model.monitoring.nativeThreatDetection
      ? [
          ...stacks(outputs, 'aws', 'site').map((stack) => {
            const detectors = cfnResources<{ Enable?: boolean }>(stack, 'AWS::GuardDuty::Detector').filter((d) => d.properties.Enable === true);
            return verdict(stack.plan.site, detectors.length ? [] : [{ problem: `site stack ${stack.plan.name} renders no enabled GuardDuty detector`, fix: 'a renderer bug: report it' }], [
              ...detectors.map((d) => d.ref),
              ...cfnResources(stack, 'AWS::SecurityHub::Hub').map((h) => h.ref),
            ]);
          }),
          ...stacks(outputs, 'azure', 'site').map((stack) => {
            const plans = tfResources<{ tier?: string }>(stack, 'azurerm_security_center_subscription_pricing').filter((p) => p.properties.tier === 'Standard');
            return verdict(stack.plan.site, plans.length ? [] : [{ problem: `site stack ${stack.plan.name} turns on no Defender for Cloud plan`, fix: 'a renderer bug: report it' }], plans.map((p) => p.ref));
          }),
        ]
      : [],
};
