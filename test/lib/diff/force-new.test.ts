import * as fs from 'node:fs';
import * as path from 'node:path';
import { FORCE_NEW, attributeVerdict, conditionForces, forceNewTableMarkdown, hasFieldEntries } from '../../../lib/diff/force-new';

const ROOT = path.join(__dirname, '../../..');

/** The resource types the Azure and vSphere renderers import (deep imports: `@cdktf/provider-azurerm/lib/<name>`), data sources and providers aside. */
function renderedTypes(): string[] {
  const types = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/@cdktf\/provider-(azurerm|vsphere)\/lib\/([a-z0-9-]+)/g)) {
          const [, provider, name] = m as unknown as [string, string, string];
          if (name === 'provider' || name.startsWith('data-')) continue;
          types.add(`${provider}_${name.replace(/-/g, '_')}`);
        }
      }
    }
  };
  walk(path.join(ROOT, 'constructs/azure'));
  walk(path.join(ROOT, 'constructs/vsphere'));
  return [...types].sort();
}

describe('the force-new table', () => {
  test('lists every resource type the Azure and vSphere renderers import', () => {
    const types = renderedTypes();
    expect(types).toEqual(expect.arrayContaining(['azurerm_key_vault', 'azurerm_subnet', 'vsphere_distributed_port_group', 'vsphere_virtual_machine']));
    expect(types.filter((t) => !FORCE_NEW[t])).toEqual([]);
  });

  test.each(Object.entries(FORCE_NEW))('%s names its source and never lists an attribute twice', (_type, entry) => {
    expect(entry.source).toMatch(/terraform-provider-(azurerm|vsphere)/);
    const all = [...entry.forceNew, ...entry.inPlace, ...Object.keys(entry.conditional ?? {})];
    expect(new Set(all).size).toBe(all.length);
    expect([...entry.forceNew]).toEqual([...entry.forceNew].sort());
    expect([...entry.inPlace]).toEqual([...entry.inPlace].sort());
  });

  test('holds the attributes the providers mark ForceNew', () => {
    expect(attributeVerdict('azurerm_subnet', 'virtual_network_name')).toBe('force-new');
    expect(attributeVerdict('azurerm_subnet', 'address_prefixes')).toBe('in-place');
    expect(attributeVerdict('azurerm_storage_account', 'infrastructure_encryption_enabled')).toBe('force-new');
    expect(attributeVerdict('azurerm_storage_account', 'immutability_policy')).toBe('force-new');
    expect(attributeVerdict('azurerm_storage_account', 'account_replication_type')).toBe('conditional');
    expect(attributeVerdict('azurerm_postgresql_flexible_server', 'geo_redundant_backup_enabled')).toBe('force-new');
    expect(attributeVerdict('azurerm_linux_virtual_machine', 'size')).toBe('in-place');
    expect(attributeVerdict('azurerm_linux_virtual_machine', 'zone')).toBe('force-new');
    expect(attributeVerdict('vsphere_distributed_port_group', 'distributed_virtual_switch_uuid')).toBe('force-new');
    expect(attributeVerdict('vsphere_virtual_machine', 'clone')).toBe('force-new');
    expect(attributeVerdict('vsphere_virtual_machine', 'num_cpus')).toBe('in-place');
    expect(attributeVerdict('vsphere_tag', 'category_id')).toBe('force-new');
  });

  test('judges a block field by field where the provider mixes them', () => {
    expect(hasFieldEntries('azurerm_private_endpoint', 'private_service_connection')).toBe(true);
    expect(attributeVerdict('azurerm_private_endpoint', 'private_service_connection.private_connection_resource_id')).toBe('force-new');
    expect(attributeVerdict('azurerm_private_endpoint', 'private_service_connection.request_message')).toBe('in-place');
    expect(hasFieldEntries('azurerm_subnet', 'delegation')).toBe(false);
  });

  test('an attribute or type outside the table is unknown', () => {
    expect(attributeVerdict('azurerm_key_vault', 'rbac_authorization_enabled')).toBe('unknown');
    expect(attributeVerdict('azurerm_bastion_host', 'sku')).toBe('unknown');
  });

  test('tells the value-only conditions, and not when a value is known only at apply', () => {
    expect(conditionForces('azurerm_storage_account', 'account_replication_type', 'GRS', 'LRS')).toBe(false);
    expect(conditionForces('azurerm_storage_account', 'account_replication_type', 'GRS', 'GZRS')).toBe(true);
    expect(conditionForces('azurerm_storage_account', 'account_kind', 'Storage', 'StorageV2')).toBe(false);
    expect(conditionForces('azurerm_storage_account', 'account_kind', 'StorageV2', 'BlobStorage')).toBe(true);
    expect(conditionForces('azurerm_postgresql_flexible_server', 'version', '16', '15')).toBe(true);
    expect(conditionForces('azurerm_postgresql_flexible_server', 'version', '15', '16')).toBe(false);
    expect(conditionForces('azurerm_recovery_services_vault', 'cross_region_restore_enabled', true, false)).toBe(true);
    expect(conditionForces('azurerm_storage_account', 'account_replication_type', '${var.replication}', 'LRS')).toBeUndefined();
    expect(conditionForces('azurerm_key_vault', 'soft_delete_retention_days', 90, 30)).toBeUndefined();
  });

  test('renders as a Markdown table with one row per type', () => {
    const md = forceNewTableMarkdown();
    const rows = md.trim().split('\n');
    expect(rows[0]).toBe('| Resource type | Forces a new resource | Updated in place | Replaces only when | Source |');
    expect(rows).toHaveLength(Object.keys(FORCE_NEW).length + 2);
    expect(md).toContain('| `azurerm_subnet` | `name`, `resource_group_name`, `virtual_network_name` |');
    expect(md).toContain('`account_replication_type`: between LRS/GRS/RAGRS and ZRS/GZRS/RAGZRS forces a new account');
    expect(rows.every((r) => r.split(/(?<!\\)\|/).length === 7)).toBe(true);
  });
});
