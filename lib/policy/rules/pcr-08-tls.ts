import { cfnResources, tfResources } from '../outputs';
import type { Rule } from '../types';
import { compliant, describe, nonCompliant, perOwner } from './helpers';

/** PCR-08: TLS 1.2+ and HTTPS only in transit. */
export const PCR_08: Rule = {
  id: 'PCR-08',
  model: ({ model }) =>
    model.sites
      .filter((s) => s.vsphere && model.networks.some((n) => n.site === s.id))
      .map((site) =>
        site.vsphere!.tlsProfile
          ? compliant(site.id, [], `TLS profile ${site.vsphere!.tlsProfile}`)
          : nonCompliant(site.id, [{ problem: `site ${site.id} records no vCenter TLS profile`, fix: `record tlsProfile (e.g. 'NIST_2024') on site ${site.id}` }]),
      ),
  outputs: ({ view, outputs }) =>
    perOwner(view, [
      ...cfnResources<{ PolicyDocument?: { Statement?: { Effect?: string; Condition?: Record<string, Record<string, unknown>> }[] } }>(outputs, 'AWS::S3::BucketPolicy').map((resource) => {
        const denies = (resource.properties.PolicyDocument?.Statement ?? []).filter((s) => s.Effect === 'Deny');
        const tlsOnly = denies.some((s) => s.Condition?.Bool?.['aws:SecureTransport'] === 'false');
        return tlsOnly ? { resource } : { resource, problem: { problem: `${describe(resource)} does not deny requests without TLS`, fix: 'enforce SSL on the bucket' } };
      }),
      ...cfnResources<{ Parameters?: Record<string, string> }>(outputs, 'AWS::RDS::DBParameterGroup').map((resource) =>
        resource.properties.Parameters?.['rds.force_ssl'] === '1' ? { resource } : { resource, problem: { problem: `${describe(resource)} does not force TLS`, fix: "set rds.force_ssl to '1'" } },
      ),
      ...tfResources<{ min_tls_version?: string; https_traffic_only_enabled?: boolean }>(outputs, 'azurerm_storage_account').map((resource) =>
        resource.properties.min_tls_version === 'TLS1_2' && resource.properties.https_traffic_only_enabled !== false
          ? { resource }
          : { resource, problem: { problem: `${describe(resource)} allows TLS below 1.2 or plain HTTP`, fix: 'set min_tls_version TLS1_2 and HTTPS only' } },
      ),
      ...tfResources<{ name?: string; value?: string }>(outputs, 'azurerm_postgresql_flexible_server_configuration')
        .filter((r) => r.properties.name === 'require_secure_transport' || r.properties.name === 'ssl_min_protocol_version')
        .map((resource) => {
          const ok = resource.properties.name === 'require_secure_transport' ? String(resource.properties.value).toUpperCase() === 'ON' : resource.properties.value === 'TLSv1.2' || resource.properties.value === 'TLSv1.3';
          return ok ? { resource } : { resource, problem: { problem: `${describe(resource)} allows connections without TLS 1.2`, fix: 'require TLS 1.2 on the server' } };
        }),
    ]),
};
