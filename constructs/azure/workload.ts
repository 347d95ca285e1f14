import { ApplicationSecurityGroup } from '@cdktf/provider-azurerm/lib/application-security-group';
import { BackupProtectedVm } from '@cdktf/provider-azurerm/lib/backup-protected-vm';
import { LinuxVirtualMachine } from '@cdktf/provider-azurerm/lib/linux-virtual-machine';
import { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import { NetworkInterfaceApplicationSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/network-interface-application-security-group-association';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { PostgresqlFlexibleServer } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server';
import { PostgresqlFlexibleServerConfiguration } from '@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { PrivateEndpointApplicationSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/private-endpoint-application-security-group-association';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { Construct } from 'constructs';
import { fail, show } from '../../lib/errors';
import type { FlowModel, WorkloadModel } from '../../lib/model/types';
import { POSTGRES, flowKey, type WorkloadProps } from '../../lib/model/workload';
import { azureNames, type AzurePrivateDnsZone } from '../../lib/naming/azure';
import { describePort, type PortSpec } from '../../lib/ports';
import { dependOn, movedFrom } from '../terraform';
import { flowPriority } from './private/flow-priorities';
import { POSTGRES_SKUS, ROLES, VM_IMAGES, VM_SIZES, osDiskGiB, postgresStorageMb, zoneOf } from './private/mapping';
import { protect } from './private/protect';
import { hardenedStorageAccount } from './private/storage';
import { renderExchange } from './private/exchange-rules';
import type { ExchangePeer, ExchangeProps } from './secure-exchange';
import { TenantEnclave } from './tenant-enclave';
import { requireFlowSource } from '../private/scope';
import { previousConstructId } from '../private/target-state';
import { stableId } from '../../lib/model/renamed-from';

const AZURE_WORKLOAD = Symbol.for('pcloud.azure.Workload');

/** What other stacks and rule descriptions need of a workload, as plain strings. */
export interface AzureWorkloadNames {
  /** The id its names derive from: its previous id when renamed. */
  readonly stableId: string;
  /** Its path made of stable ids, e.g. `met-azure/met/case-api`. */
  readonly stablePath: string;
  readonly applicationSecurityGroup: string;
  /** ARM id of its application security group, built from names. */
  readonly applicationSecurityGroupId: string;
}

/** Private Link sub-resource and DNS zone of each kind reached through a private endpoint. */
const PRIVATE_LINK: Readonly<Record<'database' | 'objectStore', { readonly subresource: string; readonly zone: AzurePrivateDnsZone }>> = {
  database: { subresource: 'postgresqlServer', zone: 'postgres' },
  objectStore: { subresource: 'blob', zone: 'blob' },
};

/**
 * A workload in an Azure enclave: a Linux VM (Trusted Launch, CMK-encrypted disk, no public IP,
 * backed up daily when the enclave has backups on), a PostgreSQL flexible server or a storage
 * account, the last two reachable only through a private endpoint. `diskEncryption: false` keeps
 * a VM disk or database under Azure's platform-managed key instead of the enclave key. Each has
 * an application security group; its tier's NSG admits only the flows declared with `allowFrom`
 * and the exchanges declared with `exchangeTo` and `exchangeFrom`.
 * Object stores have no shared keys, so the azurerm provider needs `storage_use_azuread = true`.
 *
 * A renamed workload (`renamedFrom`) keeps the names of its previous id; its resources, and the
 * flow rules named after it, move to their new addresses through `moved` blocks.
 */
export class Workload extends Construct {
  /** True for any azure Workload, even one from another copy of the package. */
  static isWorkload(x: unknown): x is Workload {
    return typeof x === 'object' && x !== null && AZURE_WORKLOAD in x;
  }

  readonly enclave: TenantEnclave;
  readonly model: WorkloadModel;
  /** The group NSG rules name as source or destination of this workload's flows. */
  readonly applicationSecurityGroup: ApplicationSecurityGroup;
  /** Names of the workload as plain strings, for rules other stacks render (an exchange with it). */
  readonly names: AzureWorkloadNames;
  /** vm only. */
  readonly networkInterface?: NetworkInterface;
  /** vm only. */
  readonly virtualMachine?: LinuxVirtualMachine;
  /** vm only, when the enclave has backups on: the VM's protection in the enclave's vault. */
  readonly backup?: BackupProtectedVm;
  /** database only. */
  readonly database?: PostgresqlFlexibleServer;
  /** objectStore only. */
  readonly storageAccount?: StorageAccount;
  /** database and objectStore: the only way in. */
  readonly privateEndpoint?: PrivateEndpoint;
  /** The construct id the workload had before it was renamed; rules named after it move with it. */
  private readonly previousId?: string;
  /** The id its names derive from: the previous id when renamed. */
  private readonly name: string;

  constructor(enclave: TenantEnclave, id: string, props: WorkloadProps) {
    if (!TenantEnclave.isTenantEnclave(enclave)) {
      const path = typeof enclave === 'object' && enclave !== null && 'node' in enclave ? `${(enclave as Construct).node.path}/${id}` : id;
      fail({
        code: 'SCOPE_INVALID',
        path,
        problem: 'an Azure Workload must be created inside an Azure TenantEnclave',
        given: typeof enclave === 'object' && enclave !== null ? ((enclave as object).constructor?.name ?? 'an object') : show(enclave),
        expected: `new azure.Workload(enclave, '${id}', { ... }) or enclave.addWorkload('${id}', { ... })`,
        fix: 'pass the azure TenantEnclave the workload belongs to as the first argument',
      });
    }
    const previousId = previousConstructId(enclave, id, props);
    const model = enclave.state.addWorkload(id, props);
    const diskGiB = model.kind === 'vm' ? osDiskGiB(model) : undefined;
    super(enclave, id);
    Object.defineProperty(this, AZURE_WORKLOAD, { value: true });
    this.enclave = enclave;
    this.model = model;
    if (previousId !== undefined) {
      this.previousId = previousId;
      movedFrom(this, previousId);
    }
    // A renamed workload keeps the names of its previous id: Azure replaces a resource whose name changes.
    const name = stableId(model);
    this.name = name;
    const stablePath = enclave.state.stablePathOf(model);

    const names = enclave.network.names;
    const location = names.location;
    const resourceGroupName = enclave.resourceGroup.name;
    const tenant = enclave.model.tenant.code;
    // Enclave tags come from the enclave; a workload of another classification says so itself.
    const tags = model.classification !== enclave.model.classification ? { classification: model.classification } : undefined;
    const zone = zoneOf(location, model);
    // Disks and databases use the enclave key unless the workload opts out (rules PCR-05, PCR-06 read it).
    const customerKey = model.diskEncryption !== false;
    const subnetId = enclave.subnets[model.tier].id;

    const groupName = azureNames.applicationSecurityGroup(name);
    this.names = {
      stableId: name,
      stablePath,
      applicationSecurityGroup: groupName,
      applicationSecurityGroupId: azureNames.applicationSecurityGroupId(names.subscriptionId, enclave.names.resourceGroup, groupName),
    };
    this.applicationSecurityGroup = new ApplicationSecurityGroup(this, 'ApplicationSecurityGroup', {
      name: groupName,
      location,
      resourceGroupName,
      tags,
    });

    if (model.kind === 'vm') {
      const admin = enclave.network.site.azure!.vmAdmin!;
      this.networkInterface = new NetworkInterface(this, 'NetworkInterface', {
        name: azureNames.networkInterface(name),
        location,
        resourceGroupName,
        // A private dynamic address only: no public IP (rule PCR-14).
        ipConfiguration: [{ name: azureNames.ipConfiguration(), subnetId, privateIpAddressAllocation: 'Dynamic' }],
        tags,
      });
      new NetworkInterfaceApplicationSecurityGroupAssociation(this, 'NetworkInterfaceSecurityGroup', {
        networkInterfaceId: this.networkInterface.id,
        applicationSecurityGroupId: this.applicationSecurityGroup.id,
      });
      const vmName = azureNames.virtualMachine(tenant, name);
      this.virtualMachine = new LinuxVirtualMachine(this, 'Resource', {
        name: vmName,
        computerName: azureNames.computerName(name),
        location,
        resourceGroupName,
        size: VM_SIZES[model.size],
        networkInterfaceIds: [this.networkInterface.id],
        sourceImageReference: { ...VM_IMAGES[model.image!] },
        adminUsername: admin.username,
        adminSshKey: [{ username: admin.username, publicKey: admin.sshPublicKey }],
        disablePasswordAuthentication: true,
        osDisk: {
          name: azureNames.osDisk(tenant, name),
          caching: 'ReadWrite',
          storageAccountType: 'Premium_LRS',
          ...(customerKey ? { diskEncryptionSetId: enclave.diskEncryptionSet.id } : {}),
          diskSizeGb: diskGiB,
        },
        // Trusted Launch (rule PCR-30).
        secureBootEnabled: true,
        vtpmEnabled: true,
        identity: { type: 'SystemAssigned' },
        provisionVmAgent: true,
        patchMode: 'AutomaticByPlatform',
        patchAssessmentMode: 'AutomaticByPlatform',
        // Managed boot diagnostics storage: no storage account to expose.
        bootDiagnostics: {},
        ...(zone ? { zone } : {}),
        tags,
      });
      if (customerKey) dependOn(this.virtualMachine, enclave.diskEncryptionSetKeyAccess);
      protect(this, 'Lock', this.virtualMachine, this.virtualMachine.id, vmName);
      if (enclave.recoveryVault && enclave.backupPolicy) {
        this.backup = new BackupProtectedVm(this, 'Backup', {
          resourceGroupName,
          recoveryVaultName: enclave.recoveryVault.name,
          sourceVmId: this.virtualMachine.id,
          backupPolicyId: enclave.backupPolicy.id,
        });
      }
      return;
    }

    const link = PRIVATE_LINK[model.kind];
    let target: PostgresqlFlexibleServer | StorageAccount;
    if (model.kind === 'database') {
      const serverName = azureNames.postgresServer(names.subscriptionId, names.estate, stablePath, tenant, name);
      const server = new PostgresqlFlexibleServer(this, 'Resource', {
        name: serverName,
        location,
        resourceGroupName,
        version: POSTGRES.version,
        skuName: POSTGRES_SKUS[model.size],
        storageMb: postgresStorageMb(model.diskGiB!),
        publicNetworkAccessEnabled: false,
        // Entra ID logins only: no password to leak or rotate.
        authentication: { activeDirectoryAuthEnabled: true, passwordAuthEnabled: false, tenantId: enclave.clientConfig.tenantId },
        backupRetentionDays: 35,
        // With a customer-managed key, geo-redundant backup needs a second key (and identity) in a
        // vault of the paired region. The enclave keeps one key set in its own location (rule
        // PCR-06), so backups stay in the server's region.
        geoRedundantBackupEnabled: false,
        ...(customerKey
          ? {
              identity: { type: 'UserAssigned', identityIds: [enclave.cmkIdentity.id] },
              customerManagedKey: { keyVaultKeyId: enclave.key.versionlessId, primaryUserAssignedIdentityId: enclave.cmkIdentity.id },
            }
          : {}),
        ...(zone ? { zone } : {}),
        tags,
      });
      if (customerKey) dependOn(server, enclave.cmkIdentityKeyAccess);
      new PostgresqlFlexibleServerConfiguration(this, 'RequireSecureTransport', {
        serverId: server.id,
        name: 'require_secure_transport',
        value: 'ON',
      });
      new PostgresqlFlexibleServerConfiguration(this, 'MinimumTlsVersion', {
        serverId: server.id,
        name: 'ssl_min_protocol_version',
        value: 'TLSv1.2',
      });
      protect(this, 'Lock', server, server.id, serverName);
      this.database = server;
      target = server;
    } else {
      const accountName = azureNames.storageAccount(names.subscriptionId, names.estate, stablePath, `${tenant}${name}`);
      const account = new StorageAccount(this, 'Resource', {
        ...hardenedStorageAccount(accountName, location, resourceGroupName),
        // Reached only through its private endpoint.
        publicNetworkAccessEnabled: false,
        blobProperties: {
          versioningEnabled: true,
          deleteRetentionPolicy: { days: 30 },
          containerDeleteRetentionPolicy: { days: 30 },
        },
        identity: { type: 'UserAssigned', identityIds: [enclave.cmkIdentity.id] },
        customerManagedKey: { keyVaultKeyId: enclave.key.versionlessId, userAssignedIdentityId: enclave.cmkIdentity.id },
        tags,
      });
      dependOn(account, enclave.cmkIdentityKeyAccess);
      protect(this, 'Lock', account, account.id, accountName);
      this.storageAccount = account;
      target = account;
    }

    const zoneRef = names.privateDnsZone[link.zone];
    this.privateEndpoint = new PrivateEndpoint(this, 'PrivateEndpoint', {
      name: azureNames.privateEndpoint(name, link.subresource),
      location,
      resourceGroupName,
      subnetId,
      privateServiceConnection: {
        name: azureNames.privateServiceConnection(name, link.subresource),
        isManualConnection: false,
        privateConnectionResourceId: target.id,
        subresourceNames: [link.subresource],
      },
      privateDnsZoneGroup: { name: azureNames.privateDnsZoneGroup(zoneRef.name), privateDnsZoneIds: [zoneRef.id] },
      tags,
    });
    // The zone may be in the network's stack: referred to by id, ordered by dependency.
    dependOn(this.privateEndpoint, enclave.network.privateDnsZones[link.zone]);
    new PrivateEndpointApplicationSecurityGroupAssociation(this, 'PrivateEndpointSecurityGroup', {
      privateEndpointId: this.privateEndpoint.id,
      applicationSecurityGroupId: this.applicationSecurityGroup.id,
    });
  }

  /**
   * Declares that `source` may open connections to this workload on `port` (a number is a TCP
   * port): an inbound Allow on this workload's tier NSG and an outbound Allow on the source's,
   * both between the two application security groups. Into an object store it also grants the
   * source VM's identity Storage Blob Data Contributor on the account. Declaring the same flow
   * twice renders it once.
   */
  allowFrom(source: Workload, port: number | PortSpec): this {
    requireFlowSource(source, Workload.isWorkload, this.model.path, 'azure.Workload');
    const flow = this.enclave.state.addFlow(source.model, this.model, port);
    if (!flow) return this;
    this.renderFlowRule('Inbound', source, flow);
    this.renderFlowRule('Outbound', source, flow);
    if (this.storageAccount) {
      const access = new RoleAssignment(this, `BlobDataAccess-${source.node.id}`, {
        scope: this.storageAccount.id,
        roleDefinitionName: ROLES.blobDataContributor,
        principalId: source.virtualMachine!.identity.principalId,
        principalType: 'ServicePrincipal',
        description: `pcloud: ${source.name} reads and writes ${this.name}`,
      });
      if (source.previousId !== undefined) movedFrom(access, `BlobDataAccess-${source.previousId}`);
    }
    return this;
  }

  /**
   * Declares that this workload sends to `receiver` under a secure exchange: the narrowest NSG
   * rules that allow it, and, the sender being on Azure, a table of its disclosures in this
   * enclave's audit workspace (DPA 2018 s.62).
   *
   * - `receiver` an Azure workload of another enclave on the same network: an inbound Allow on the
   *   receiver's tier NSG and an outbound Allow on this workload's, both between the two
   *   application security groups. Both rules are rendered in whichever of the two enclaves' stacks
   *   is deployed later, which then depends on the other; the other enclave's group and NSG are
   *   referred to by names.
   * - `receiver` elsewhere (a workload on another site, a partner): an outbound Allow on this
   *   workload's tier NSG from its group to the receiver's prefixes.
   *
   * Rule names and descriptions carry the exchange's id and ISA reference (NSG rules cannot be
   * tagged). Declaring the same exchange twice renders it once.
   */
  exchangeTo(receiver: Workload | ExchangePeer, exchange: ExchangeProps): this {
    renderExchange(this, receiver, exchange, this.node.path);
    return this;
  }

  /**
   * Declares that this workload receives from `sender` under a secure exchange: as `exchangeTo`
   * seen from the other end. From a sender elsewhere (another site, a partner) it is an inbound
   * Allow on this workload's tier NSG from the sender's prefixes to its group.
   */
  exchangeFrom(sender: Workload | ExchangePeer, exchange: ExchangeProps): this {
    renderExchange(sender, this, exchange, this.node.path);
    return this;
  }

  private renderFlowRule(direction: 'Inbound' | 'Outbound', source: Workload, flow: FlowModel): void {
    const enclave = this.enclave;
    // Inbound rules guard the destination's subnet, outbound rules the source's.
    const tier = direction === 'Inbound' ? this.model.tier : source.model.tier;
    const port = describePort({ protocol: flow.protocol, from: flow.fromPort, to: flow.toPort });
    const ruleId = (sourceId: string) => `Allow${direction}-${sourceId}-${port.replace('/', '-')}`;
    // Names, descriptions and priorities come from the stable ids: a renamed workload's rules stay as they were.
    const stableKey = flowKey({ ...flow, from: enclave.state.stablePathOf(source.model), to: enclave.state.stablePathOf(this.model) });
    const rule = new NetworkSecurityRule(this, ruleId(source.node.id), {
      name: azureNames.flowRule(direction, source.name, this.name, flow.protocol, flow.fromPort, flow.toPort),
      resourceGroupName: enclave.resourceGroup.name,
      networkSecurityGroupName: enclave.securityGroups[tier].name,
      priority: flowPriority(enclave, tier, direction, flow, stableKey),
      direction,
      access: 'Allow',
      protocol: flow.protocol === 'tcp' ? 'Tcp' : 'Udp',
      sourceApplicationSecurityGroupIds: [source.applicationSecurityGroup.id],
      sourcePortRange: '*',
      destinationApplicationSecurityGroupIds: [this.applicationSecurityGroup.id],
      destinationPortRange: flow.fromPort === flow.toPort ? `${flow.fromPort}` : `${flow.fromPort}-${flow.toPort}`,
      description: `Declared flow ${source.name} -> ${this.name} ${port}`,
    });
    // Its address names the source: when the source was renamed, the rule moves with it.
    if (source.previousId !== undefined) movedFrom(rule, ruleId(source.previousId));
  }
}
