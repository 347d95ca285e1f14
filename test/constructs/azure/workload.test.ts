import { Testing } from 'cdktf';
import { BackupProtectedVm } from '@cdktf/provider-azurerm/lib/backup-protected-vm';
import { LinuxVirtualMachine } from '@cdktf/provider-azurerm/lib/linux-virtual-machine';
import { NetworkInterfaceApplicationSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/network-interface-application-security-group-association';
import { PostgresqlFlexibleServerConfiguration } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration';
import { PrivateEndpointApplicationSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/private-endpoint-application-security-group-association';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Classification } from '../../../lib/classification';
import { Port } from '../../../lib/ports';
import * as azure from '../../../constructs/azure';
import {
  SSH_KEY,
  SUBSCRIPTION,
  address,
  dependsOnOf,
  metEstate,
  newNetwork,
  newStack,
  pcloudErrorOf,
  ref,
  resourceNamed,
  resourcesOf,
  site,
  synthJson,
  type TfJson,
} from './fixture';

const ASG = 'azurerm_application_security_group';

function asgOf(tf: TfJson, workload: string): string {
  return resourceNamed(tf, ASG, `asg-${workload}`)[0];
}

function nsgOf(tf: TfJson, tier: string): string {
  return resourceNamed(tf, 'azurerm_network_security_group', `nsg-met-${tier}`)[0];
}

function allowRules(tf: TfJson): any[] {
  return Object.values(resourcesOf(tf, 'azurerm_network_security_rule')).filter((r) => r.access === 'Allow');
}

describe('azure.Workload', () => {
  describe('vm', () => {
    test('has a NIC in its tier subnet with a private dynamic address only, in its application security group', () => {
      // GIVEN
      const { stack } = metEstate();
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const [nic, body] = resourceNamed(tf, 'azurerm_network_interface', 'nic-web');
      const [subnet] = resourceNamed(tf, 'azurerm_subnet', 'snet-met-presentation');
      expect(body.ip_configuration).toEqual([
        { name: 'internal', subnet_id: ref('azurerm_subnet', subnet, 'id'), private_ip_address_allocation: 'Dynamic' },
      ]);
      expect(Testing.synth(stack)).toHaveResourceWithProperties(NetworkInterfaceApplicationSecurityGroupAssociation, {
        network_interface_id: ref('azurerm_network_interface', nic, 'id'),
        application_security_group_id: ref(ASG, asgOf(tf, 'web'), 'id'),
      });
    });

    test('is a Trusted Launch Linux VM with key-only login, a CMK-encrypted premium disk, its own identity and platform patching', () => {
      // GIVEN
      const { stack } = metEstate();
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const des = Object.keys(resourcesOf(tf, 'azurerm_disk_encryption_set'))[0];
      const desAccess = Object.entries(resourcesOf(tf, 'azurerm_role_assignment')).find(([, r]) => r.principal_id.includes('azurerm_disk_encryption_set'))![0];
      const [vm, body] = resourceNamed(tf, 'azurerm_linux_virtual_machine', 'vm-met-web');
      expect(body).toMatchObject({
        computer_name: 'web',
        size: 'Standard_D4s_v5',
        source_image_reference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
        admin_username: 'pcloudadmin',
        admin_ssh_key: [{ username: 'pcloudadmin', public_key: SSH_KEY }],
        disable_password_authentication: true,
        os_disk: {
          storage_account_type: 'Premium_LRS',
          disk_encryption_set_id: ref('azurerm_disk_encryption_set', des, 'id'),
          disk_size_gb: 64,
        },
        secure_boot_enabled: true,
        vtpm_enabled: true,
        identity: { type: 'SystemAssigned' },
        patch_mode: 'AutomaticByPlatform',
        patch_assessment_mode: 'AutomaticByPlatform',
        boot_diagnostics: {},
        lifecycle: { prevent_destroy: true },
      });
      expect(dependsOnOf(body)).toEqual([address('azurerm_role_assignment', desAccess)]);
      expect(body.admin_password).toBeUndefined();
      expect(body.boot_diagnostics.storage_account_uri).toBeUndefined();
      expect(Object.values(resourcesOf(tf, 'azurerm_management_lock'))).toContainEqual(
        expect.objectContaining({ scope: ref('azurerm_linux_virtual_machine', vm, 'id'), lock_level: 'CanNotDelete' }),
      );
    });

    test('with diskEncryption false, the OS disk is under the platform key, without the disk encryption set; the rest is unchanged', () => {
      // GIVEN
      const { stack, enclave } = metEstate();
      enclave.addWorkload('plain', { kind: 'vm', tier: 'presentation', size: 'medium', diskEncryption: false });
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const [, plain] = resourceNamed(tf, 'azurerm_linux_virtual_machine', 'vm-met-plain');
      const [, web] = resourceNamed(tf, 'azurerm_linux_virtual_machine', 'vm-met-web');
      expect(plain.os_disk).toEqual({ name: 'osdisk-met-plain', caching: 'ReadWrite', storage_account_type: 'Premium_LRS', disk_size_gb: 64 });
      expect(plain.os_disk.disk_encryption_set_id).toBeUndefined();
      expect(plain.depends_on).toBeUndefined();
      const same = (body: Record<string, any>) => {
        const { name, computer_name, network_interface_ids, os_disk, depends_on, zone, ...rest } = body;
        return rest;
      };
      expect(same(plain)).toEqual(same(web));
      expect(Testing.synth(stack)).toHaveResourceWithProperties(LinuxVirtualMachine, { name: 'vm-met-plain', secure_boot_enabled: true, vtpm_enabled: true });
    });

    test('is protected daily in the enclave vault', () => {
      // GIVEN
      const { stack, web } = metEstate();
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const [vm] = resourceNamed(tf, 'azurerm_linux_virtual_machine', 'vm-met-web');
      const [vault] = resourceNamed(tf, 'azurerm_recovery_services_vault', 'rsv-met');
      const [rg] = resourceNamed(tf, 'azurerm_resource_group', 'rg-met-network-met');
      const policy = Object.keys(resourcesOf(tf, 'azurerm_backup_policy_vm'))[0];
      expect(Testing.synth(stack)).toHaveResourceWithProperties(BackupProtectedVm, {
        resource_group_name: ref('azurerm_resource_group', rg, 'name'),
        recovery_vault_name: ref('azurerm_recovery_services_vault', vault, 'name'),
        source_vm_id: ref('azurerm_linux_virtual_machine', vm, 'id'),
        backup_policy_id: ref('azurerm_backup_policy_vm', policy, 'id'),
      });
      expect(web.backup).toBeDefined();
    });

    test('is pinned to an availability zone in UK South and to none in UK West', () => {
      // GIVEN
      const south = metEstate();
      const west = metEstate(site({ location: 'ukwest' }));
      // WHEN
      const southVm = resourceNamed(synthJson(south.stack), 'azurerm_linux_virtual_machine', 'vm-met-web')[1];
      const westVm = resourceNamed(synthJson(west.stack), 'azurerm_linux_virtual_machine', 'vm-met-web')[1];
      // THEN
      expect(southVm.zone).toBe(String(south.web.model.zone + 1));
      expect(westVm.zone).toBeUndefined();
      expect(westVm.location).toBe('ukwest');
    });

    test.each([
      ['small', 'Standard_D2s_v5'],
      ['medium', 'Standard_D4s_v5'],
      ['large', 'Standard_D8s_v5'],
      ['xlarge', 'Standard_D16s_v5'],
    ] as const)('size %s is %s', (size, vmSize) => {
      // GIVEN
      const stack = newStack();
      const enclave = new azure.TenantEnclave(stack, 'Met', { network: newNetwork(stack), tenant: 'met' });
      // WHEN
      enclave.addWorkload('vm', { kind: 'vm', size });
      // THEN
      expect(Testing.synth(stack)).toHaveResourceWithProperties(LinuxVirtualMachine, { size: vmSize });
    });

    test.each([
      ['ubuntu-24.04', { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' }],
      ['ubuntu-22.04', { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2' }],
    ] as const)('image %s maps to a Canonical Gen2 image', (image, reference) => {
      // GIVEN
      const stack = newStack();
      const enclave = new azure.TenantEnclave(stack, 'Met', { network: newNetwork(stack), tenant: 'met' });
      // WHEN
      enclave.addWorkload('vm', { kind: 'vm', image, diskGiB: 128 });
      // THEN
      expect(Testing.synth(stack)).toHaveResourceWithProperties(LinuxVirtualMachine, {
        source_image_reference: { ...reference, version: 'latest' },
        os_disk: expect.objectContaining({ disk_size_gb: 128 }),
      });
    });

    test('fails when the site has no VM administrator key', () => {
      // GIVEN a site without vmAdmin
      const stack = newStack();
      const network = newNetwork(stack, { site: { subscriptionId: SUBSCRIPTION, location: 'uksouth' } });
      const enclave = new azure.TenantEnclave(stack, 'Met', { network, tenant: 'met' });
      // WHEN
      const error = pcloudErrorOf(() => enclave.addWorkload('web', { kind: 'vm' }));
      // THEN
      expect(error.code).toBe('AZURE_VM_ADMIN_MISSING');
      expect(error.path).toBe('network/met/web');
      expect(error.fix).toContain('vmAdmin');
    });

    test('fails when the OS disk is smaller than the image', () => {
      // GIVEN
      const { enclave } = metEstate();
      // WHEN
      const error = pcloudErrorOf(() => enclave.addWorkload('tiny', { kind: 'vm', diskGiB: 20 }));
      // THEN
      expect(error.code).toBe('DISK_TOO_SMALL_FOR_IMAGE');
      expect(error.path).toBe('network/met/tiny');
      expect(error.given).toBe('diskGiB 20');
    });
  });

  describe('database', () => {
    test('is a private PostgreSQL 16 server with Entra-only logins, 35-day backups and the enclave key, locked', () => {
      // GIVEN
      const { stack } = metEstate();
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const clientConfig = Object.keys(tf.data!.azurerm_client_config)[0];
      const identity = Object.keys(resourcesOf(tf, 'azurerm_user_assigned_identity'))[0];
      const key = Object.keys(resourcesOf(tf, 'azurerm_key_vault_key'))[0];
      const identityAccess = Object.entries(resourcesOf(tf, 'azurerm_role_assignment')).find(([, r]) => r.principal_id.includes('azurerm_user_assigned_identity'))![0];
      const [server, body] = Object.entries(resourcesOf(tf, 'azurerm_postgresql_flexible_server'))[0];
      expect(body).toMatchObject({
        version: '16',
        sku_name: 'GP_Standard_D2ds_v5',
        storage_mb: 131072,
        public_network_access_enabled: false,
        authentication: {
          active_directory_auth_enabled: true,
          password_auth_enabled: false,
          tenant_id: `\${data.azurerm_client_config.${clientConfig}.tenant_id}`,
        },
        backup_retention_days: 35,
        geo_redundant_backup_enabled: false,
        identity: { type: 'UserAssigned', identity_ids: [ref('azurerm_user_assigned_identity', identity, 'id')] },
        customer_managed_key: {
          key_vault_key_id: ref('azurerm_key_vault_key', key, 'versionless_id'),
          primary_user_assigned_identity_id: ref('azurerm_user_assigned_identity', identity, 'id'),
        },
        lifecycle: { prevent_destroy: true },
      });
      expect(dependsOnOf(body)).toEqual([address('azurerm_role_assignment', identityAccess)]);
      expect(body.name).toMatch(/^psql-met-db-[a-z0-9]{6}$/);
      expect(body.administrator_password).toBeUndefined();
      expect(body.delegated_subnet_id).toBeUndefined();
      expect(Object.values(resourcesOf(tf, 'azurerm_management_lock'))).toContainEqual(
        expect.objectContaining({ scope: ref('azurerm_postgresql_flexible_server', server, 'id'), lock_level: 'CanNotDelete' }),
      );
    });

    test('with diskEncryption false, the server has no customer-managed key and no identity; the rest is unchanged', () => {
      // GIVEN
      const { stack, enclave, db } = metEstate();
      const plain = enclave.addWorkload('plaindb', { kind: 'database', diskEncryption: false });
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const [, body] = Object.entries(resourcesOf(tf, 'azurerm_postgresql_flexible_server')).find(([, s]) => s.name.startsWith('psql-met-plaindb-'))!;
      const [, cmk] = Object.entries(resourcesOf(tf, 'azurerm_postgresql_flexible_server')).find(([, s]) => s.name.startsWith('psql-met-db-'))!;
      expect(body.customer_managed_key).toBeUndefined();
      expect(body.identity).toBeUndefined();
      expect(body.depends_on).toBeUndefined();
      const same = (server: Record<string, any>) => {
        const { name, identity, customer_managed_key, depends_on, ...rest } = server;
        return rest;
      };
      expect(same(body)).toEqual(same(cmk));
      expect(body).toMatchObject({ public_network_access_enabled: false, backup_retention_days: 35, lifecycle: { prevent_destroy: true } });
      expect(plain.model.diskEncryption).toBe(false);
      expect(db.backup).toBeUndefined();
    });

    test('requires TLS 1.2 or later on every connection', () => {
      // GIVEN
      const { stack } = metEstate();
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const server = Object.keys(resourcesOf(tf, 'azurerm_postgresql_flexible_server'))[0];
      const out = Testing.synth(stack);
      expect(out).toHaveResourceWithProperties(PostgresqlFlexibleServerConfiguration, {
        server_id: ref('azurerm_postgresql_flexible_server', server, 'id'),
        name: 'require_secure_transport',
        value: 'ON',
      });
      expect(out).toHaveResourceWithProperties(PostgresqlFlexibleServerConfiguration, {
        server_id: ref('azurerm_postgresql_flexible_server', server, 'id'),
        name: 'ssl_min_protocol_version',
        value: 'TLSv1.2',
      });
    });

    test('is reached only through a private endpoint in its tier subnet, registered in the network zone, in its application security group', () => {
      // GIVEN
      const { stack } = metEstate();
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const server = Object.keys(resourcesOf(tf, 'azurerm_postgresql_flexible_server'))[0];
      const [subnet] = resourceNamed(tf, 'azurerm_subnet', 'snet-met-data');
      const zone = Object.entries(resourcesOf(tf, 'azurerm_private_dns_zone')).find(([, z]) => z.name.includes('postgres'))![0];
      const [endpoint, body] = resourceNamed(tf, 'azurerm_private_endpoint', 'pe-db-postgresqlServer');
      expect(body).toMatchObject({
        subnet_id: ref('azurerm_subnet', subnet, 'id'),
        private_service_connection: {
          is_manual_connection: false,
          private_connection_resource_id: ref('azurerm_postgresql_flexible_server', server, 'id'),
          subresource_names: ['postgresqlServer'],
        },
        private_dns_zone_group: {
          private_dns_zone_ids: [
            `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-met-network/providers/Microsoft.Network/privateDnsZones/privatelink.postgres.database.azure.com`,
          ],
        },
      });
      expect(dependsOnOf(body)).toEqual([address('azurerm_private_dns_zone', zone)]);
      expect(Testing.synth(stack)).toHaveResourceWithProperties(PrivateEndpointApplicationSecurityGroupAssociation, {
        private_endpoint_id: ref('azurerm_private_endpoint', endpoint, 'id'),
        application_security_group_id: ref(ASG, asgOf(tf, 'db'), 'id'),
      });
    });

    test.each([
      [20, 32768],
      [32, 32768],
      [33, 65536],
      [100, 131072],
      [2049, 4194304],
      [16384, 16777216],
    ])('%i GiB of storage is rounded up to %i MB', (diskGiB, storageMb) => {
      // GIVEN
      const { enclave, stack } = metEstate();
      // WHEN
      enclave.addWorkload('big', { kind: 'database', diskGiB });
      // THEN
      const [, body] = Object.entries(resourcesOf(synthJson(stack), 'azurerm_postgresql_flexible_server')).find(([, s]) => s.name.startsWith('psql-met-big-'))!;
      expect(body.storage_mb).toBe(storageMb);
    });

    test.each([
      ['medium', 'GP_Standard_D4ds_v5'],
      ['large', 'GP_Standard_D8ds_v5'],
      ['xlarge', 'GP_Standard_D16ds_v5'],
    ] as const)('size %s is %s', (size, sku) => {
      const { enclave, stack } = metEstate();
      enclave.addWorkload('sized', { kind: 'database', size });
      const [, body] = Object.entries(resourcesOf(synthJson(stack), 'azurerm_postgresql_flexible_server')).find(([, s]) => s.name.startsWith('psql-met-sized-'))!;
      expect(body.sku_name).toBe(sku);
    });
  });

  describe('objectStore', () => {
    test('is a private, keyless, CMK-encrypted, versioned StorageV2 account geo-replicated within the UK, locked', () => {
      // GIVEN
      const { stack } = metEstate();
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const identity = Object.keys(resourcesOf(tf, 'azurerm_user_assigned_identity'))[0];
      const key = Object.keys(resourcesOf(tf, 'azurerm_key_vault_key'))[0];
      const [account, body] = Object.entries(resourcesOf(tf, 'azurerm_storage_account')).find(([, a]) => a.name.startsWith('stmetdocs'))!;
      expect(body).toMatchObject({
        account_kind: 'StorageV2',
        account_replication_type: 'GRS',
        min_tls_version: 'TLS1_2',
        https_traffic_only_enabled: true,
        allow_nested_items_to_be_public: false,
        public_network_access_enabled: false,
        shared_access_key_enabled: false,
        default_to_oauth_authentication: true,
        infrastructure_encryption_enabled: true,
        network_rules: { default_action: 'Deny', bypass: ['AzureServices'] },
        blob_properties: {
          versioning_enabled: true,
          delete_retention_policy: { days: 30 },
          container_delete_retention_policy: { days: 30 },
        },
        identity: { type: 'UserAssigned', identity_ids: [ref('azurerm_user_assigned_identity', identity, 'id')] },
        customer_managed_key: {
          key_vault_key_id: ref('azurerm_key_vault_key', key, 'versionless_id'),
          user_assigned_identity_id: ref('azurerm_user_assigned_identity', identity, 'id'),
        },
        lifecycle: { prevent_destroy: true },
      });
      expect(body.name).toMatch(/^[a-z0-9]{24}$/);
      expect(Object.values(resourcesOf(tf, 'azurerm_management_lock'))).toContainEqual(
        expect.objectContaining({ scope: ref('azurerm_storage_account', account, 'id'), lock_level: 'CanNotDelete' }),
      );
    });

    test('is reached only through a blob private endpoint in the data tier, registered in the network zone, in its application security group', () => {
      // GIVEN
      const { stack } = metEstate();
      // WHEN
      const tf = synthJson(stack);
      // THEN
      const [account] = Object.entries(resourcesOf(tf, 'azurerm_storage_account')).find(([, a]) => a.name.startsWith('stmetdocs'))!;
      const [subnet] = resourceNamed(tf, 'azurerm_subnet', 'snet-met-data');
      const [endpoint, body] = resourceNamed(tf, 'azurerm_private_endpoint', 'pe-docs-blob');
      expect(body).toMatchObject({
        subnet_id: ref('azurerm_subnet', subnet, 'id'),
        private_service_connection: {
          private_connection_resource_id: ref('azurerm_storage_account', account, 'id'),
          subresource_names: ['blob'],
        },
        private_dns_zone_group: {
          private_dns_zone_ids: [
            `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-met-network/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`,
          ],
        },
      });
      expect(Testing.synth(stack)).toHaveResourceWithProperties(PrivateEndpointApplicationSecurityGroupAssociation, {
        private_endpoint_id: ref('azurerm_private_endpoint', endpoint, 'id'),
        application_security_group_id: ref(ASG, asgOf(tf, 'docs'), 'id'),
      });
    });
  });

  describe('allowFrom', () => {
    test('a declared flow gives exactly one inbound rule on the destination tier and one outbound rule on the source tier, between the two ASGs', () => {
      // GIVEN
      const { stack, web, db } = metEstate();
      // WHEN
      db.allowFrom(web, 5432);
      const tf = synthJson(stack);
      // THEN
      const common = {
        access: 'Allow',
        protocol: 'Tcp',
        source_port_range: '*',
        destination_port_range: '5432',
        source_application_security_group_ids: [ref(ASG, asgOf(tf, 'web'), 'id')],
        destination_application_security_group_ids: [ref(ASG, asgOf(tf, 'db'), 'id')],
      };
      const rules = allowRules(tf);
      expect(rules).toHaveLength(2);
      expect(rules).toContainEqual(
        expect.objectContaining({ ...common, direction: 'Inbound', network_security_group_name: ref('azurerm_network_security_group', nsgOf(tf, 'data'), 'name') }),
      );
      expect(rules).toContainEqual(
        expect.objectContaining({ ...common, direction: 'Outbound', network_security_group_name: ref('azurerm_network_security_group', nsgOf(tf, 'presentation'), 'name') }),
      );
      for (const rule of rules) {
        expect(rule.source_address_prefix).toBeUndefined();
        expect(rule.destination_address_prefix).toBeUndefined();
        expect(rule.priority).toBeGreaterThanOrEqual(100);
        expect(rule.priority).toBeLessThanOrEqual(4000);
      }
    });

    test('a flow grants no access to any other workload, not even from the same source', () => {
      // GIVEN
      const { stack, app, db } = metEstate();
      // WHEN
      db.allowFrom(app, 5432);
      const tf = synthJson(stack);
      // THEN only app -> db is allowed
      const pairs = allowRules(tf).map((r) => [r.source_application_security_group_ids, r.destination_application_security_group_ids]);
      expect(pairs).toEqual([
        [[ref(ASG, asgOf(tf, 'app'), 'id')], [ref(ASG, asgOf(tf, 'db'), 'id')]],
        [[ref(ASG, asgOf(tf, 'app'), 'id')], [ref(ASG, asgOf(tf, 'db'), 'id')]],
      ]);
      expect(Object.values(resourcesOf(tf, 'azurerm_role_assignment'))).not.toContainEqual(
        expect.objectContaining({ role_definition_name: 'Storage Blob Data Contributor' }),
      );
    });

    test('a UDP port range is rendered as a range with the UDP protocol', () => {
      // GIVEN
      const { stack, web, app } = metEstate();
      // WHEN
      app.allowFrom(web, Port.udpRange(8000, 8080));
      const tf = synthJson(stack);
      // THEN
      const rules = allowRules(tf);
      expect(rules).toHaveLength(2);
      for (const rule of rules) expect(rule).toMatchObject({ protocol: 'Udp', destination_port_range: '8000-8080' });
    });

    test('declaring the same flow twice renders it once', () => {
      // GIVEN
      const { stack, web, db } = metEstate();
      // WHEN
      db.allowFrom(web, 5432).allowFrom(web, Port.tcp(5432));
      // THEN
      expect(allowRules(synthJson(stack))).toHaveLength(2);
      expect(db.enclave.state.flows).toHaveLength(1);
    });

    test('priorities are unique per NSG and direction, and adding a flow does not renumber the others', () => {
      // GIVEN two identical estates, the second with one more flow declared first
      const before = metEstate();
      before.app.allowFrom(before.web, 8443);
      before.db.allowFrom(before.app, 5432);
      const after = metEstate();
      after.app.allowFrom(after.web, 9000);
      after.app.allowFrom(after.web, 8443);
      after.db.allowFrom(after.app, 5432);
      // WHEN
      const priorities = (tf: TfJson) => new Map(allowRules(tf).map((r) => [r.name, r.priority]));
      const was = priorities(synthJson(before.stack));
      const is = priorities(synthJson(after.stack));
      // THEN
      for (const [name, priority] of was) expect({ name, priority: is.get(name) }).toEqual({ name, priority });
      const perNsg = new Map<string, number[]>();
      for (const r of allowRules(synthJson(after.stack))) {
        const key = `${r.network_security_group_name}/${r.direction}`;
        perNsg.set(key, [...(perNsg.get(key) ?? []), r.priority]);
      }
      for (const list of perNsg.values()) expect(new Set(list).size).toBe(list.length);
    });

    test('into an object store it grants the source VM identity Storage Blob Data Contributor on that account', () => {
      // GIVEN
      const { stack, web, docs } = metEstate();
      // WHEN
      docs.allowFrom(web, 443);
      const tf = synthJson(stack);
      // THEN
      const [vm] = resourceNamed(tf, 'azurerm_linux_virtual_machine', 'vm-met-web');
      const [account] = Object.entries(resourcesOf(tf, 'azurerm_storage_account')).find(([, a]) => a.name.startsWith('stmetdocs'))!;
      expect(Testing.synth(stack)).toHaveResourceWithProperties(RoleAssignment, {
        scope: ref('azurerm_storage_account', account, 'id'),
        role_definition_name: 'Storage Blob Data Contributor',
        principal_id: ref('azurerm_linux_virtual_machine', vm, 'identity[0].principal_id'),
      });
      expect(allowRules(tf)).toHaveLength(2);
    });

    test('into a database it adds only the NSG rules', () => {
      // GIVEN
      const { stack, web, db } = metEstate();
      const without = Object.keys(resourcesOf(synthJson(metEstate().stack), 'azurerm_role_assignment')).length;
      // WHEN
      db.allowFrom(web, 5432);
      // THEN
      expect(Object.keys(resourcesOf(synthJson(stack), 'azurerm_role_assignment'))).toHaveLength(without);
    });

    test('fails when the database is asked to accept another port', () => {
      const { web, db } = metEstate();
      const error = pcloudErrorOf(() => db.allowFrom(web, 80));
      expect(error.code).toBe('FLOW_PORT_NOT_SERVED');
      expect(error.path).toBe('network/met/db');
    });

    test('fails when a database is given access to an object store', () => {
      const { db, docs } = metEstate();
      const error = pcloudErrorOf(() => docs.allowFrom(db, 443));
      expect(error.code).toBe('FLOW_SOURCE_CANNOT_USE_STORE');
      expect(error.path).toBe('network/met/docs');
    });

    test('fails when the flow crosses an enclave boundary', () => {
      // GIVEN a second enclave on the network
      const { stack, network, db } = metEstate();
      const kent = new azure.TenantEnclave(stack, 'Kent', { network, tenant: 'kent' });
      const intruder = kent.addWorkload('intruder', { kind: 'vm' });
      // WHEN
      const error = pcloudErrorOf(() => db.allowFrom(intruder, 5432));
      // THEN
      expect(error.code).toBe('FLOW_CROSSES_ENCLAVE');
      expect(error.path).toBe('network/met/db');
      expect(allowRules(synthJson(stack))).toEqual([]);
    });

    test('fails when the source is not an azure workload', () => {
      const { db } = metEstate();
      const error = pcloudErrorOf(() => db.allowFrom({} as never, 5432));
      expect(error.code).toBe('FLOW_SOURCE_INVALID');
      expect(error.path).toBe('network/met/db');
    });
  });

  test('nothing is exposed: no public IP anywhere and no rule allows traffic from any address, the Internet or 0.0.0.0/0', () => {
    // GIVEN an enclave with every kind of workload and flows between them
    const { stack, web, app, db, docs } = metEstate();
    app.allowFrom(web, 8443);
    db.allowFrom(app, 5432);
    docs.allowFrom(app, 443);
    // WHEN
    const tf = synthJson(stack);
    const text = JSON.stringify(tf);
    // THEN
    expect(Object.keys(tf.resource!).filter((t) => /public_ip/.test(t))).toEqual([]);
    expect(text).not.toMatch(/public_ip/);
    const open = ['*', 'Internet', '0.0.0.0/0', 'Any'];
    for (const rule of allowRules(tf)) {
      expect(open).not.toContain(rule.source_address_prefix);
      expect((rule.source_address_prefixes ?? []).filter((p: string) => open.includes(p))).toEqual([]);
      expect(rule.source_application_security_group_ids).toHaveLength(1);
    }
    expect(allowRules(tf)).toHaveLength(6);
  });

  test('a workload of another classification than its enclave tags its own resources with it', () => {
    // GIVEN an OFFICIAL-SENSITIVE enclave
    const { stack, enclave } = metEstate();
    // WHEN
    enclave.addWorkload('public-docs', { kind: 'objectStore', classification: Classification.OFFICIAL });
    const tf = synthJson(stack);
    // THEN
    const [, account] = Object.entries(resourcesOf(tf, 'azurerm_storage_account')).find(([, a]) => a.name.startsWith('stmetpublicd'))!;
    expect(account.tags).toMatchObject({ classification: 'OFFICIAL', force: 'met', enclave: 'network/met' });
    expect(resourceNamed(tf, 'azurerm_private_endpoint', 'pe-public-docs-blob')[1].tags.classification).toBe('OFFICIAL');
    expect(resourceNamed(tf, 'azurerm_storage_account', account.name)[1].tags['managed-by']).toBe('pcloud');
    expect(resourceNamed(tf, 'azurerm_private_endpoint', 'pe-docs-blob')[1].tags.classification).toBe('OFFICIAL-SENSITIVE');
  });

  test('records its model through the enclave state', () => {
    const { web, db, enclave } = metEstate();
    expect(web.model).toMatchObject({ path: 'network/met/web', kind: 'vm', tier: 'presentation', size: 'medium', image: 'ubuntu-24.04' });
    expect(db.model).toMatchObject({ path: 'network/met/db', kind: 'database', tier: 'data', diskGiB: 100, database: { engine: 'postgres', version: '16' } });
    expect(enclave.state.workloads.map((w) => w.id)).toEqual(['web', 'app', 'db', 'docs']);
  });

  test('fails when it is not created in an azure enclave', () => {
    const stack = newStack();
    const error = pcloudErrorOf(() => new azure.Workload(stack as never, 'web', { kind: 'vm' }));
    expect(error.code).toBe('SCOPE_INVALID');
    expect(error.path).toBe('stack/web');
  });

  test('fails when two workloads of an enclave share an id', () => {
    const { enclave } = metEstate();
    const error = pcloudErrorOf(() => enclave.addWorkload('web', { kind: 'vm' }));
    expect(error.code).toBe('DUPLICATE_ID');
    expect(error.path).toBe('network/met/web');
  });
});
