import { TerraformStack, Testing } from 'cdktf';
import { DiskEncryptionSet } from '@cdktf/provider-azurerm/lib/disk-encryption-set';
import { BackupPolicyVm } from '@cdktf/provider-azurerm/lib/backup-policy-vm';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { ResourceGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-group-policy-assignment';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { Classification } from '../../../lib/classification';
import { Tenants } from '../../../lib/tenant';
import * as azure from 'pcloud/azure';
import { Tenants as PublicTenants, Classification as PublicClassification } from 'pcloud';
import {
  STANDARD_TAG_KEYS,
  SUBSCRIPTION,
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
  site,
  synthJson,
  taggableResources,
  withoutDependsOn,
} from './fixture';

// Looked up in Azure/azure-policy (see constructs/azure/private/mapping.ts), not derived here.
const UK_OFFICIAL = '/providers/Microsoft.Authorization/policySetDefinitions/3937f550-eedd-4639-9c5e-294358be442e';
const ALLOWED_LOCATIONS = '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c';

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
    // (the only grant elsewhere is the UK OFFICIAL assignment's remediation on the resource group)
    const grants = Object.values(resourcesOf(tf, 'azurerm_role_assignment'))
      .filter((r) => r.scope === ref('azurerm_key_vault', vault, 'id'))
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
  describe('guardrails', () => {
    test('the resource group has the built-in UK OFFICIAL and UK NHS initiative, with an identity and a location', () => {
      // GIVEN
      const { stack } = newEnclave();
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const [rg] = resourceNamed(tf, 'azurerm_resource_group', 'rg-met-network-met');
      expect(Testing.synth(stack)).toHaveResourceWithProperties(ResourceGroupPolicyAssignment, {
        name: 'pcloud-uk-official',
        resource_group_id: ref('azurerm_resource_group', rg, 'id'),
        policy_definition_id: UK_OFFICIAL,
        location: 'uksouth',
        identity: { type: 'SystemAssigned' },
      });
    });

    test('the initiative identity may remediate in the resource group, and nothing else is granted outside the vault', () => {
      // GIVEN
      const { stack } = newEnclave();
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const [rg] = resourceNamed(tf, 'azurerm_resource_group', 'rg-met-network-met');
      const [assignment] = Object.entries(resourcesOf(tf, 'azurerm_resource_group_policy_assignment')).find(([, a]) => a.policy_definition_id === UK_OFFICIAL)!;
      const vault = Object.keys(resourcesOf(tf, 'azurerm_key_vault'))[0];
      const elsewhere = Object.values(resourcesOf(tf, 'azurerm_role_assignment')).filter((r) => r.scope !== ref('azurerm_key_vault', vault, 'id'));
      expect(elsewhere.map((r) => [r.role_definition_name, r.principal_id, r.scope])).toEqual([
        ['Contributor', ref('azurerm_resource_group_policy_assignment', assignment, 'identity[0].principal_id'), ref('azurerm_resource_group', rg, 'id')],
      ]);
    });

    test('the resource group allows only UK South and UK West through the built-in Allowed locations policy', () => {
      // GIVEN
      const { stack } = newEnclave();
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const [rg] = resourceNamed(tf, 'azurerm_resource_group', 'rg-met-network-met');
      const [, body] = Object.entries(resourcesOf(tf, 'azurerm_resource_group_policy_assignment')).find(([, a]) => a.policy_definition_id === ALLOWED_LOCATIONS)!;
      expect(body).toMatchObject({ name: 'pcloud-allowed-locations', resource_group_id: ref('azurerm_resource_group', rg, 'id') });
      expect(JSON.parse(body.parameters)).toEqual({ listOfAllowedLocations: { value: ['uksouth', 'ukwest'] } });
      expect(Object.keys(resourcesOf(tf, 'azurerm_resource_group_policy_assignment'))).toHaveLength(3); // the network's allowed locations too
    });
  });

  test.each([
    [400, 400],
    [2000, 730],
  ])('an audit retention of %i days keeps the audit workspace %i days', (days, kept) => {
    // GIVEN
    const { stack, enclave } = newEnclave({ auditRetentionDays: days });
    // WHEN
    const tf = synthJson(stack);
    // THEN
    expect(enclave.model.auditRetentionDays).toBe(days);
    expect(resourceNamed(tf, 'azurerm_log_analytics_workspace', 'log-met-network-met')[1].retention_in_days).toBe(kept);
  });

  describe('backup', () => {
    test('by default a UK geo-redundant, soft-deleting, immutable, private Recovery Services vault, locked', () => {
      // GIVEN
      const { stack, enclave } = newEnclave();
      // WHEN
      const tf = synthJson(stack);
      // THEN
      expect(enclave.model.backup).toEqual({ enabled: true, retentionDays: 35 });
      const [rg] = resourceNamed(tf, 'azurerm_resource_group', 'rg-met-network-met');
      const [vault, body] = resourceNamed(tf, 'azurerm_recovery_services_vault', 'rsv-met');
      expect(body).toMatchObject({
        location: 'uksouth',
        resource_group_name: ref('azurerm_resource_group', rg, 'name'),
        sku: 'Standard',
        soft_delete_enabled: true,
        storage_mode_type: 'GeoRedundant',
        cross_region_restore_enabled: false,
        immutability: 'Unlocked',
        public_network_access_enabled: false,
        lifecycle: { prevent_destroy: true },
      });
      expect(Object.values(resourcesOf(tf, 'azurerm_management_lock'))).toContainEqual(
        expect.objectContaining({ scope: ref('azurerm_recovery_services_vault', vault, 'id'), lock_level: 'CanNotDelete' }),
      );
      expect(body.tags).toMatchObject({ force: 'met', enclave: 'network/met' });
    });

    test('an enhanced daily VM backup policy keeps the backups for the retention days', () => {
      // GIVEN
      const { stack } = newEnclave({ backup: { retentionDays: 90 } });
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const [vault] = resourceNamed(tf, 'azurerm_recovery_services_vault', 'rsv-met');
      expect(Testing.synth(stack)).toHaveResourceWithProperties(BackupPolicyVm, {
        name: 'bkpol-vm-met-daily',
        recovery_vault_name: ref('azurerm_recovery_services_vault', vault, 'name'),
        policy_type: 'V2',
        backup: { frequency: 'Daily', time: '23:00' },
        retention_daily: { count: 90 },
        instant_restore_retention_days: 7,
      });
    });

    test('every VM of the enclave is protected by the policy, and each VM added is protected too', () => {
      // GIVEN an enclave with two VMs, a database and an object store
      const { stack, enclave } = metEstate();
      // WHEN
      const before = synthJson(stack);
      enclave.addWorkload('batch', { kind: 'vm' });
      const after = synthJson(stack);
      // THEN
      const [policy] = Object.keys(resourcesOf(before, 'azurerm_backup_policy_vm'));
      const protectedVms = (tf: typeof before) => Object.values(resourcesOf(tf, 'azurerm_backup_protected_vm'));
      const vms = (tf: typeof before) => Object.keys(resourcesOf(tf, 'azurerm_linux_virtual_machine'));
      expect(protectedVms(before).map((p) => p.source_vm_id).sort()).toEqual(vms(before).map((vm) => ref('azurerm_linux_virtual_machine', vm, 'id')).sort());
      expect(protectedVms(before).every((p) => p.backup_policy_id === ref('azurerm_backup_policy_vm', policy, 'id'))).toBe(true);
      expect(protectedVms(after)).toHaveLength(3);
      expect(protectedVms(after).map((p) => p.source_vm_id).sort()).toEqual(vms(after).map((vm) => ref('azurerm_linux_virtual_machine', vm, 'id')).sort());
      // adding the VM kept every earlier address
      for (const a of Object.keys(resourcesOf(before, 'azurerm_backup_protected_vm'))) expect(Object.keys(resourcesOf(after, 'azurerm_backup_protected_vm'))).toContain(a);
    });

    test('with backups off there is no vault, policy or protected VM', () => {
      // GIVEN
      const { stack, enclave } = newEnclave({ backup: { enabled: false } });
      enclave.addWorkload('web', { kind: 'vm' });
      // WHEN
      const tf = synthJson(stack);
      // THEN
      expect(enclave.recoveryVault).toBeUndefined();
      for (const type of ['azurerm_recovery_services_vault', 'azurerm_backup_policy_vm', 'azurerm_backup_protected_vm']) expect(tf.resource?.[type]).toBeUndefined();
      expect(Object.keys(resourcesOf(tf, 'azurerm_linux_virtual_machine'))).toHaveLength(1);
    });

    test('fails when the backup retention is shorter than Azure Backup keeps daily backups', () => {
      const error = pcloudErrorOf(() => newEnclave({ backup: { retentionDays: 3 } }));
      expect(error.code).toBe('BACKUP_RETENTION_UNSUPPORTED');
      expect(error.path).toBe('network/met');
      expect(error.given).toBe('backup.retentionDays 3');
    });
  });

  describe('site log archive', () => {
    test('with a site baseline in its own stack, the vault and audit workspace audit logs go to the archive by id, and the stacks are ordered', () => {
      // GIVEN a site baseline, a network and an enclave in three stacks
      const app = Testing.app();
      const siteStack = new TerraformStack(app, 'site');
      const networkStack = new TerraformStack(app, 'network');
      const enclaveStack = new TerraformStack(app, 'met');
      const baseline = new azure.SiteBaseline(siteStack, 'Site', { estate: 'met', site: site() });
      const network = newNetwork(networkStack);
      const enclave = new azure.TenantEnclave(enclaveStack, 'Met', { network, tenant: 'met', siteBaseline: baseline });
      enclave.addWorkload('web', { kind: 'vm' });
      // WHEN
      const tf = synthJson(enclaveStack);
      const siteTf = synthJson(siteStack);
      // THEN
      const archiveName = Object.values(resourcesOf(siteTf, 'azurerm_storage_account'))[0].name;
      const archiveId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-met-logs_uksouth/providers/Microsoft.Storage/storageAccounts/${archiveName}`;
      const keyVault = Object.keys(resourcesOf(tf, 'azurerm_key_vault'))[0];
      const [workspace] = resourceNamed(tf, 'azurerm_log_analytics_workspace', 'log-met-network-met');
      const toArchive = Object.values(resourcesOf(tf, 'azurerm_monitor_diagnostic_setting')).filter((d) => d.storage_account_id !== undefined);
      expect(toArchive.map((d) => [d.target_resource_id, d.storage_account_id, d.enabled_log]).sort()).toEqual(
        [
          [ref('azurerm_key_vault', keyVault, 'id'), archiveId, [{ category_group: 'audit' }]],
          [ref('azurerm_log_analytics_workspace', workspace, 'id'), archiveId, [{ category_group: 'audit' }]],
        ].sort(),
      );
      expect(toArchive.every((d) => d.depends_on === undefined && d.log_analytics_workspace_id === undefined)).toBe(true);
      expect(enclaveStack.dependencies).toEqual(expect.arrayContaining([siteStack, networkStack]));
      expect(tf.data?.terraform_remote_state).toBeUndefined();
      const own = addresses(tf);
      expect([...referencedAddresses(tf)].filter((a) => !own.has(a))).toEqual([]);
      expect(siteTf.output).toBeUndefined();
    });

    test('with the baseline in the same stack, the archive settings wait for the archive', () => {
      // GIVEN
      const stack = newStack();
      const baseline = new azure.SiteBaseline(stack, 'Site', { estate: 'met', site: site() });
      const network = newNetwork(stack);
      new azure.TenantEnclave(stack, 'Met', { network, tenant: 'met', siteBaseline: baseline });
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const archive = Object.entries(resourcesOf(tf, 'azurerm_storage_account')).find(([, a]) => a.name.startsWith('stlogs'))![0];
      const toArchive = Object.values(resourcesOf(tf, 'azurerm_monitor_diagnostic_setting')).filter((d) => String(d.storage_account_id).includes('/storageAccounts/stlogs'));
      expect(toArchive).toHaveLength(2);
      for (const d of toArchive) expect(dependsOnOf(d)).toEqual([address('azurerm_storage_account', archive)]);
    });

    test('without a site baseline the audit logs stay in the enclave workspace only', () => {
      const tf = synthJson(newEnclave().stack);
      const settings = Object.values(resourcesOf(tf, 'azurerm_monitor_diagnostic_setting'));
      expect(settings).toHaveLength(1);
      expect(settings[0].storage_account_id).toBeUndefined();
    });

    test('fails when the site baseline is in another location than the network', () => {
      // GIVEN
      const stack = newStack();
      const baseline = new azure.SiteBaseline(stack, 'Site', { estate: 'met', site: site({ location: 'ukwest' }) });
      const network = newNetwork(stack);
      // WHEN
      const error = pcloudErrorOf(() => new azure.TenantEnclave(stack, 'Met', { network, tenant: 'met', siteBaseline: baseline }));
      // THEN
      expect(error.code).toBe('SITE_BASELINE_MISMATCH');
      expect(error.path).toBe('stack/Met');
    });

    test('fails when the site baseline is not an azure SiteBaseline', () => {
      const stack = newStack();
      const network = newNetwork(stack);
      const error = pcloudErrorOf(() => new azure.TenantEnclave(stack, 'Met', { network, tenant: 'met', siteBaseline: {} as never }));
      expect(error.code).toBe('SITE_BASELINE_INVALID');
    });
  });
});
