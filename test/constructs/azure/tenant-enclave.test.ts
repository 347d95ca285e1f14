import { TerraformStack, Testing } from 'cdktf';
import { DiskEncryptionSet } from '@cdktf/provider-azurerm/lib/disk-encryption-set';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { Classification } from '../../../lib/classification';
import { Tenants } from '../../../lib/tenant';
import * as azure from 'pcloud/azure';
import { Tenants as PublicTenants, Classification as PublicClassification } from 'pcloud';
import {
  STANDARD_TAG_KEYS,
  address,
  addresses,
  dependsOnOf,
  metEstate,
  newNetwork,
  newStack,
  pcloudErrorOf,
  ref,
  referencedAddresses,
  resourceNamed,
  resourcesOf,
  synthJson,
  taggableResources,
  withoutDependsOn,
} from './fixture';

function newEnclave(props: Partial<azure.TenantEnclaveProps> = {}) {
  const stack = newStack();
  const network = newNetwork(stack);
  const enclave = new azure.TenantEnclave(stack, 'Met', { network, tenant: 'met', ...props });
  return { stack, network, enclave };
}

describe('azure.TenantEnclave', () => {
  test('records its model through the network state, allocating its address space', () => {
    // WHEN
    const { enclave, network } = newEnclave();
    // THEN
    expect(enclave.model).toMatchObject({ path: 'network/met', id: 'met', network: 'network', tenant: { code: 'met' }, allocated: true });
    expect(network.state.enclaves).toEqual([enclave.model]);
    expect(enclave.model.tiers.map((t) => t.tier)).toEqual(['presentation', 'application', 'data', 'management']);
  });

  test('creates a subnet per tier in the network VNet, by name, with the tier CIDR and no default outbound access', () => {
    // GIVEN
    const { stack, enclave } = newEnclave({ addressSpace: '10.20.4.0/22' });
    // WHEN
    const tf = synthJson(stack);
    // THEN
    const vnet = Object.keys(resourcesOf(tf, 'azurerm_virtual_network'))[0];
    const subnets = Object.values(resourcesOf(tf, 'azurerm_subnet'));
    expect(subnets).toHaveLength(4);
    for (const layout of enclave.model.tiers) {
      const [, subnet] = resourceNamed(tf, 'azurerm_subnet', `snet-met-${layout.tier}`);
      expect(withoutDependsOn(subnet)).toEqual({
        name: `snet-met-${layout.tier}`,
        resource_group_name: 'rg-met-network',
        virtual_network_name: 'vnet-met-network',
        address_prefixes: [layout.cidr],
        default_outbound_access_enabled: false,
        private_endpoint_network_policies: 'Enabled',
      });
      expect(dependsOnOf(subnet)).toEqual([address('azurerm_virtual_network', vnet)]);
    }
    expect(enclave.model.tiers.map((t) => t.cidr)).toEqual(['10.20.4.0/24', '10.20.5.0/24', '10.20.6.0/24', '10.20.7.0/24']);
  });

  test('every tier has its own NSG, associated with its subnet, with explicit deny-all rules both ways at 4096', () => {
    // GIVEN
    const { stack } = newEnclave();
    // WHEN
    const tf = synthJson(stack);
    // THEN
    const nsgs = resourcesOf(tf, 'azurerm_network_security_group');
    expect(Object.keys(nsgs)).toHaveLength(4);
    const rules = Object.values(resourcesOf(tf, 'azurerm_network_security_rule'));
    for (const tier of ['presentation', 'application', 'data', 'management']) {
      const [nsg, body] = resourceNamed(tf, 'azurerm_network_security_group', `nsg-met-${tier}`);
      expect(body.security_rule).toBeUndefined();
      const [subnet] = resourceNamed(tf, 'azurerm_subnet', `snet-met-${tier}`);
      expect(Testing.synth(stack)).toHaveResourceWithProperties(SubnetNetworkSecurityGroupAssociation, {
        subnet_id: ref('azurerm_subnet', subnet, 'id'),
        network_security_group_id: ref('azurerm_network_security_group', nsg, 'id'),
      });
      const own = rules.filter((r) => r.network_security_group_name === ref('azurerm_network_security_group', nsg, 'name'));
      for (const direction of ['Inbound', 'Outbound']) {
        expect(own).toContainEqual(
          expect.objectContaining({
            name: `DenyAll${direction}`,
            direction,
            access: 'Deny',
            priority: 4096,
            protocol: '*',
            source_address_prefix: '*',
            destination_address_prefix: '*',
            destination_port_range: '*',
          }),
        );
      }
    }
    expect(rules.every((r) => r.access === 'Deny')).toBe(true);
  });

  test('the Key Vault is premium, RBAC-only, purge-protected, private, default deny, in the deployer tenant and locked', () => {
    // GIVEN
    const { stack } = newEnclave();
    // WHEN
    const tf = synthJson(stack);
    // THEN
    const clientConfig = Object.keys(tf.data!.azurerm_client_config)[0];
    const [vault, body] = Object.entries(resourcesOf(tf, 'azurerm_key_vault'))[0];
    expect(body).toMatchObject({
      sku_name: 'premium',
      tenant_id: `\${data.azurerm_client_config.${clientConfig}.tenant_id}`,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      rbac_authorization_enabled: true,
      public_network_access_enabled: false,
      network_acls: { default_action: 'Deny', bypass: 'AzureServices' },
      lifecycle: { prevent_destroy: true },
    });
    expect(body.name).toMatch(/^kv-met-[a-z0-9]{17}$/);
    expect(body.access_policy).toBeUndefined();
    expect(Object.values(resourcesOf(tf, 'azurerm_management_lock'))).toContainEqual(
      expect.objectContaining({ scope: ref('azurerm_key_vault', vault, 'id'), lock_level: 'CanNotDelete' }),
    );
  });

  test('the enclave key is an RSA-HSM 3072 key that rotates itself, created after the deployer becomes Crypto Officer, and locked', () => {
    // GIVEN
    const { stack } = newEnclave();
    // WHEN
    const tf = synthJson(stack);
    // THEN
    const clientConfig = Object.keys(tf.data!.azurerm_client_config)[0];
    const vault = Object.keys(resourcesOf(tf, 'azurerm_key_vault'))[0];
    const [deployer] = Object.entries(resourcesOf(tf, 'azurerm_role_assignment')).find(([, r]) => r.role_definition_name === 'Key Vault Crypto Officer')!;
    expect(Testing.synth(stack)).toHaveResourceWithProperties(RoleAssignment, {
      scope: ref('azurerm_key_vault', vault, 'id'),
      role_definition_name: 'Key Vault Crypto Officer',
      principal_id: `\${data.azurerm_client_config.${clientConfig}.object_id}`,
    });
    const [key, body] = Object.entries(resourcesOf(tf, 'azurerm_key_vault_key'))[0];
    expect(body).toMatchObject({
      key_vault_id: ref('azurerm_key_vault', vault, 'id'),
      key_type: 'RSA-HSM',
      key_size: 3072,
      rotation_policy: { automatic: { time_after_creation: 'P1Y' }, expire_after: 'P2Y' },
      lifecycle: { prevent_destroy: true },
    });
    expect(dependsOnOf(body)).toEqual([address('azurerm_role_assignment', deployer)]);
    expect(Object.values(resourcesOf(tf, 'azurerm_management_lock'))).toContainEqual(
      expect.objectContaining({ scope: ref('azurerm_key_vault_key', key, 'resource_versionless_id'), lock_level: 'CanNotDelete' }),
    );
  });

  test('a user-assigned identity and the disk encryption set may use the key, and nothing else is granted on the vault', () => {
    // GIVEN
    const { stack } = newEnclave();
    // WHEN
    const tf = synthJson(stack);
    // THEN
    const vault = Object.keys(resourcesOf(tf, 'azurerm_key_vault'))[0];
    const key = Object.keys(resourcesOf(tf, 'azurerm_key_vault_key'))[0];
    const identity = Object.keys(resourcesOf(tf, 'azurerm_user_assigned_identity'))[0];
    const [des] = Object.keys(resourcesOf(tf, 'azurerm_disk_encryption_set'));
    expect(Testing.synth(stack)).toHaveResourceWithProperties(DiskEncryptionSet, {
      key_vault_key_id: ref('azurerm_key_vault_key', key, 'versionless_id'),
      auto_key_rotation_enabled: true,
      encryption_type: 'EncryptionAtRestWithCustomerKey',
      identity: { type: 'SystemAssigned' },
    });
    const grants = Object.values(resourcesOf(tf, 'azurerm_role_assignment'))
      .map((r) => [r.role_definition_name, r.principal_id, r.scope])
      .sort();
    expect(grants).toEqual(
      [
        ['Key Vault Crypto Officer', expect.stringContaining('azurerm_client_config'), ref('azurerm_key_vault', vault, 'id')],
        ['Key Vault Crypto Service Encryption User', ref('azurerm_disk_encryption_set', des, 'identity[0].principal_id'), ref('azurerm_key_vault', vault, 'id')],
        ['Key Vault Crypto Service Encryption User', ref('azurerm_user_assigned_identity', identity, 'principal_id'), ref('azurerm_key_vault', vault, 'id')],
      ].sort(),
    );
  });

  test('the enclave has its own audit workspace, kept 365 days and locked, receiving the vault audit logs', () => {
    // GIVEN
    const { stack } = newEnclave();
    // WHEN
    const tf = synthJson(stack);
    // THEN
    const [workspace, body] = resourceNamed(tf, 'azurerm_log_analytics_workspace', 'log-met-network-met');
    expect(body).toMatchObject({ sku: 'PerGB2018', retention_in_days: 365, lifecycle: { prevent_destroy: true } });
    expect(Object.values(resourcesOf(tf, 'azurerm_management_lock'))).toContainEqual(
      expect.objectContaining({ scope: ref('azurerm_log_analytics_workspace', workspace, 'id'), lock_level: 'CanNotDelete' }),
    );
    const vault = Object.keys(resourcesOf(tf, 'azurerm_key_vault'))[0];
    expect(Testing.synth(stack)).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      target_resource_id: ref('azurerm_key_vault', vault, 'id'),
      log_analytics_workspace_id: ref('azurerm_log_analytics_workspace', workspace, 'id'),
      enabled_log: [{ category_group: 'audit' }],
    });
  });

  test('the enclave has a resource group of its own', () => {
    // GIVEN
    const { stack } = newEnclave();
    // WHEN
    const tf = synthJson(stack);
    // THEN
    const [rg] = resourceNamed(tf, 'azurerm_resource_group', 'rg-met-network-met');
    const [, vault] = Object.entries(resourcesOf(tf, 'azurerm_key_vault'))[0];
    expect(vault.resource_group_name).toBe(ref('azurerm_resource_group', rg, 'name'));
  });

  test('every taggable resource of the enclave and its workloads carries the enclave tags', () => {
    // GIVEN
    const { stack, network, enclave, web, db } = metEstate();
    db.allowFrom(web, 5432);
    // WHEN
    const tf = synthJson(stack);
    // THEN
    const networkOwned = new Set(network.node.findAll().map((n) => n.node.path));
    const enclaveResources = taggableResources(stack, tf).filter(([address]) => {
      const node = enclave.node.findAll().find((n) => `${(n as any).terraformResourceType}.${(n as any).friendlyUniqueId}` === address);
      return node !== undefined && !networkOwned.has(node.node.path);
    });
    expect(enclaveResources.length).toBeGreaterThanOrEqual(20);
    for (const [address, body] of enclaveResources) {
      expect({ address, tags: body.tags }).toEqual({
        address,
        tags: {
          classification: 'OFFICIAL-SENSITIVE',
          force: 'met',
          enclave: 'network/met',
          network: 'network',
          'accreditation-reference': 'NPIRMT-2026-031',
          'managed-by': 'pcloud',
          estate: 'met',
        },
      });
      expect(Object.keys(body.tags)).toEqual(expect.arrayContaining(STANDARD_TAG_KEYS));
    }
  });

  test('an enclave in its own stack refers to the network by name only and is ordered after it', () => {
    // GIVEN a network in one stack and the enclave, with workloads and a flow, in another
    const app = Testing.app();
    const networkStack = new TerraformStack(app, 'network');
    const enclaveStack = new TerraformStack(app, 'met');
    const network = newNetwork(networkStack);
    const enclave = new azure.TenantEnclave(enclaveStack, 'Met', { network, tenant: Tenants.force('met') });
    const web = enclave.addWorkload('web', { kind: 'vm' });
    const db = enclave.addWorkload('db', { kind: 'database' });
    const docs = enclave.addWorkload('docs', { kind: 'objectStore' });
    db.allowFrom(web, 5432);
    docs.allowFrom(web, 443);
    // WHEN
    const tf = synthJson(enclaveStack);
    const networkTf = synthJson(networkStack);
    // THEN no remote state, no outputs, and every reference resolves inside the enclave stack
    expect(tf.data?.terraform_remote_state).toBeUndefined();
    expect(networkTf.output).toBeUndefined();
    const own = addresses(tf);
    const foreign = [...referencedAddresses(tf)].filter((a) => !own.has(a));
    expect(foreign).toEqual([]);
    expect(JSON.stringify(tf)).not.toMatch(/Network_/);
    // and the network is reached through names and ids built from them
    const [, subnet] = resourceNamed(tf, 'azurerm_subnet', 'snet-met-data');
    expect(subnet).toMatchObject({ resource_group_name: 'rg-met-network', virtual_network_name: 'vnet-met-network' });
    expect(subnet.depends_on).toBeUndefined();
    expect(enclaveStack.dependencies).toEqual([networkStack]);
  });

  test('the own-stack example works in one plain TerraformStack', () => {
    // GIVEN a force's own cdktf stack
    const stack = new TerraformStack(Testing.app(), 'met-own');
    // WHEN it uses the public API as the README shows
    const network = new azure.AccreditedNetwork(stack, 'Network', {
      addressSpace: '10.20.0.0/16',
      ceiling: PublicClassification.OFFICIAL_SENSITIVE,
      accreditation: { authority: 'NPIRMT', reference: 'NPIRMT-2026-031', issued: '2026-02-01', expires: '2027-01-31' },
      site: { subscriptionId: '00000000-0000-0000-0000-000000000001', location: 'uksouth', vmAdmin: { sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA' } },
      estate: 'met',
    });
    const met = new azure.TenantEnclave(stack, 'Met', { network, tenant: PublicTenants.force('met'), classification: PublicClassification.OFFICIAL_SENSITIVE });
    const web = met.addWorkload('web', { kind: 'vm', tier: 'presentation', size: 'medium' });
    const db = new azure.Workload(met, 'db', { kind: 'database' });
    db.allowFrom(web, 5432);
    const tf = synthJson(stack);
    // THEN everything is in the one stack, and the cross-construct ordering is a plain depends_on
    expect(Object.keys(resourcesOf(tf, 'azurerm_linux_virtual_machine'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(tf, 'azurerm_postgresql_flexible_server'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(tf, 'azurerm_virtual_network'))).toHaveLength(1);
    const vnet = Object.keys(resourcesOf(tf, 'azurerm_virtual_network'))[0];
    for (const subnet of Object.values(resourcesOf(tf, 'azurerm_subnet'))) expect(dependsOnOf(subnet)).toEqual([address('azurerm_virtual_network', vnet)]);
    const own = addresses(tf);
    expect([...referencedAddresses(tf)].filter((a) => !own.has(a))).toEqual([]);
    expect(tf.provider).toBeUndefined();
  });

  test('addWorkload creates a workload in the enclave', () => {
    // GIVEN
    const { enclave } = newEnclave();
    // WHEN
    const web = enclave.addWorkload('web', { kind: 'vm' });
    // THEN
    expect(azure.Workload.isWorkload(web)).toBe(true);
    expect(web.enclave).toBe(enclave);
    expect(enclave.workloads).toEqual([web]);
    expect(enclave.state.workloads.map((w) => w.path)).toEqual(['network/met/web']);
  });

  test('fails when the enclave address space is outside the network', () => {
    // WHEN
    const error = pcloudErrorOf(() => newEnclave({ addressSpace: '10.99.0.0/22' }));
    // THEN
    expect(error.code).toBe('ENCLAVE_OUTSIDE_NETWORK');
    expect(error.path).toBe('network/met');
    expect(error.given).toBe('"10.99.0.0/22"');
  });

  test('fails when the enclave classification is above the network ceiling', () => {
    // GIVEN an OFFICIAL network
    const stack = newStack();
    const network = newNetwork(stack, { ceiling: Classification.OFFICIAL });
    // WHEN
    const error = pcloudErrorOf(() => new azure.TenantEnclave(stack, 'Met', { network, tenant: 'met', classification: Classification.OFFICIAL_SENSITIVE }));
    // THEN
    expect(error.code).toBe('CLASSIFICATION_ABOVE_CEILING');
    expect(error.path).toBe('network/met');
  });

  test('fails when a tenant has two enclaves on the network', () => {
    // GIVEN
    const { stack, network } = newEnclave();
    // WHEN
    const error = pcloudErrorOf(() => new azure.TenantEnclave(stack, 'Met2', { network, tenant: 'met' }));
    // THEN
    expect(error.code).toBe('DUPLICATE_TENANT');
    expect(error.path).toBe('network/met2');
  });

  test('fails when the tenant is not a known force', () => {
    const error = pcloudErrorOf(() => newEnclave({ tenant: 'mett' }));
    expect(error.code).toBe('FORCE_UNKNOWN');
    expect(error.path).toBe('network/met');
    expect(error.fix).toContain('"met"');
  });

  test('fails when it is given no azure network', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const error = pcloudErrorOf(() => new azure.TenantEnclave(stack, 'Met', { network: {} as never, tenant: 'met' }));
    // THEN
    expect(error.code).toBe('NETWORK_MISSING');
    expect(error.path).toBe('stack/Met');
  });
});
