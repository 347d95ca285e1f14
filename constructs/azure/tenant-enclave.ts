import { BackupPolicyVm } from '@cdktf/provider-azurerm/lib/backup-policy-vm';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { DiskEncryptionSet } from '@cdktf/provider-azurerm/lib/disk-encryption-set';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { RecoveryServicesVault } from '@cdktf/provider-azurerm/lib/recovery-services-vault';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RouteTable } from '@cdktf/provider-azurerm/lib/route-table';
import type { ResourceGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-group-policy-assignment';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { SubnetRouteTableAssociation } from '@cdktf/provider-azurerm/lib/subnet-route-table-association';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Construct } from 'constructs';
import { Cidr } from '../../lib/cidr';
import { fail, show } from '../../lib/errors';
import { checkId } from '../../lib/model/checks';
import type { TenantEnclaveProps as EnclaveIntentProps } from '../../lib/model/enclave';
import { resolvePorts } from '../../lib/model/exchange';
import { requirePrefixes } from '../../lib/model/interconnect';
import type { EnclaveModel, Tier } from '../../lib/model/types';
import type { WorkloadProps } from '../../lib/model/workload';
import { azureNames } from '../../lib/naming/azure';
import { stableId } from '../../lib/model/renamed-from';
import type { PortSpec } from '../../lib/ports';
import { enclaveTags } from '../../lib/tags';
import { previousConstructId, type TargetEnclaveState } from '../private/target-state';
import { dependOn, movedFrom, tagAll } from '../terraform';
import { AccreditedNetwork } from './accredited-network';
import { EnclaveAdministrators } from './administrators';
import { allowRule, portOf } from './private/allow-rule';
import { allowedLocations, ukOfficial } from './private/guardrails';
import { BACKUP_INSTANT_RESTORE_DAYS, ROLES, backupRetentionDays, workspaceRetentionDays } from './private/mapping';
import { protect } from './private/protect';
import { SharedService, type SharedServiceProps } from './shared-service';
import { SiteBaseline } from './site-baseline';
import { Workload } from './workload';

const AZURE_TENANT_ENCLAVE = Symbol.for('pcloud.azure.TenantEnclave');

export interface TenantEnclaveProps extends EnclaveIntentProps {
  /**
   * The network the enclave is carved from. It may be in another Terraform stack: the enclave
   * refers to it by name only, and its stack is deployed after the network's.
   */
  readonly network: AccreditedNetwork;
  /**
   * The baseline of the enclave's site, whose immutable log archive also receives the enclave's
   * audit logs (rule PCR-22). It may be in another Terraform stack: the enclave refers to the
   * archive by its id, built from names, and its stack is deployed after the baseline's.
   * @default - none: the audit logs stay in the enclave's own workspace
   */
  readonly siteBaseline?: SiteBaseline;
}

/** Priority of the explicit deny-all rules: below every flow rule (100–4000), above Azure's defaults. */
export const DENY_ALL_PRIORITY = 4096;

/**
 * Names of an enclave's resources as plain strings, for what another stack renders into the
 * enclave (the rules of an exchange, a consumer's endpoint of a shared service): it refers to them
 * by these, never by a cross-stack reference.
 */
export interface AzureEnclaveNames {
  readonly subscriptionId: string;
  readonly location: string;
  readonly resourceGroup: string;
  readonly subnets: Readonly<Record<Tier, string>>;
  readonly subnetIds: Readonly<Record<Tier, string>>;
  readonly networkSecurityGroups: Readonly<Record<Tier, string>>;
}

/** A prefix an enclave reaches through an interconnect (`EstateView.remoteRoutes` gives them). */
export interface RemoteRouteProps {
  /** The remote prefix, e.g. a workload's subnet on another site or a partner's range. */
  readonly prefix: string;
  /** Id of the interconnect it is reached through. */
  readonly interconnect: string;
}

/** A shared service on another site that the enclave consumes, reached through an interconnect. */
export interface RemoteServiceProps {
  /** The prefixes the service's providers are seen at (`EstateView.workloadPrefix` of each). */
  readonly prefixes: readonly string[];
  /** The ports it is offered on (a number is a TCP port). */
  readonly ports: readonly (number | PortSpec)[];
}

/**
 * One tenant's isolated slice of an Azure network (rule PCR-11): its own resource group, a subnet
 * and a default-deny NSG per tier, a premium Key Vault with an HSM key (customer-managed keys
 * for every disk, database and store), a disk encryption set, an audit workspace, Azure Policy's
 * "UK OFFICIAL and UK NHS" and "Allowed locations" on the resource group, and, when backups are
 * on, a Recovery Services vault with a daily VM backup policy (rule PCR-28).
 *
 * The deploying principal is made Key Vault Crypto Officer on the vault so that it can create and
 * rotate the key; the vault has no public network access, so Terraform must reach it over a
 * private path.
 *
 * Across its boundary it offers shared services (`addSharedService`), uses those of other sites
 * (`useRemoteService`) and reaches other sites only through the routes it is given
 * (`routeThroughGateway`); its workloads exchange data under ISAs (`Workload.exchangeTo`).
 *
 * A renamed enclave (`renamedFrom`) keeps the names and tags of its previous id; its resources
 * move to their new addresses through `moved` blocks.
 */
export class TenantEnclave extends Construct {
  /** True for any azure TenantEnclave, even one from another copy of the package. */
  static isTenantEnclave(x: unknown): x is TenantEnclave {
    return typeof x === 'object' && x !== null && AZURE_TENANT_ENCLAVE in x;
  }

  readonly network: AccreditedNetwork;
  /** Names of the enclave's resources as plain strings, for rules and endpoints other stacks render into it. */
  readonly names: AzureEnclaveNames;
  /** The model side: validation of the enclave's workloads and flows. */
  readonly state: TargetEnclaveState;
  readonly resourceGroup: ResourceGroup;
  /** A subnet per tier, in the network's VNet. */
  readonly subnets: Readonly<Record<Tier, Subnet>>;
  /** A default-deny NSG per tier, associated with the tier's subnet. */
  readonly securityGroups: Readonly<Record<Tier, NetworkSecurityGroup>>;
  /** Who Terraform runs as: the tenant of the vault and database logins, the principal of the deployer role. */
  readonly clientConfig: DataAzurermClientConfig;
  readonly keyVault: KeyVault;
  /** The enclave's customer-managed key (rules PCR-06, PCR-07). */
  readonly key: KeyVaultKey;
  /** Identity that databases and stores use to reach the key. */
  readonly cmkIdentity: UserAssignedIdentity;
  /** Grants `cmkIdentity` use of the key; whatever encrypts with it waits for this. */
  readonly cmkIdentityKeyAccess: RoleAssignment;
  readonly diskEncryptionSet: DiskEncryptionSet;
  /** Grants the disk encryption set use of the key; VMs wait for this. */
  readonly diskEncryptionSetKeyAccess: RoleAssignment;
  /** The enclave's own audit sink (DPA 2018 s.62, rule PCR-25), kept `auditRetentionDays` (within 30–730). */
  readonly auditWorkspace: LogAnalyticsWorkspace;
  /** The site baseline whose archive receives the audit logs too, if given. */
  readonly siteBaseline?: SiteBaseline;
  /** Azure's built-in "UK OFFICIAL and UK NHS" initiative at the resource group. */
  readonly ukOfficial: ResourceGroupPolicyAssignment;
  /** Keeps the resource group's resources in the UK (rule PCR-03). */
  readonly allowedLocations: ResourceGroupPolicyAssignment;
  /** UK, geo-redundant (UK South / UK West), immutable vault of the VM backups; absent when backups are off. */
  readonly recoveryVault?: RecoveryServicesVault;
  /** Daily backup of every VM of the enclave, kept `backup.retentionDays`; absent when backups are off. */
  readonly backupPolicy?: BackupPolicyVm;
  /** The enclave-operator role and the administrator groups' role assignments at the resource group. */
  readonly administrators: EnclaveAdministrators;
  /** Per tier, the route table of `routeThroughGateway`; absent until it is called. */
  private tierRouteTables?: Readonly<Record<Tier, RouteTable>>;

  constructor(scope: Construct, id: string, props: TenantEnclaveProps) {
    const network = props?.network;
    if (!AccreditedNetwork.isAccreditedNetwork(network)) {
      fail({
        code: 'NETWORK_MISSING',
        path: scope.node.path ? `${scope.node.path}/${id}` : id,
        problem: 'enclave is not given an Azure accredited network',
        given: describe(network),
        expected: 'network: an AccreditedNetwork from pcloud/azure',
        fix: "create the network first (new azure.AccreditedNetwork(stack, 'Network', {...})) and pass it as props.network",
      });
    }
    const siteBaseline = checkSiteBaseline(props.siteBaseline, network, scope.node.path ? `${scope.node.path}/${id}` : id);
    const previousId = previousConstructId(scope, id, props);
    const state = network.state.addEnclave(id, props);
    const retentionDays = state.model.backup.enabled ? backupRetentionDays(state.model.path, state.model.backup.retentionDays) : undefined;
    super(scope, id);
    Object.defineProperty(this, AZURE_TENANT_ENCLAVE, { value: true });
    if (previousId !== undefined) movedFrom(this, previousId);
    this.network = network;
    this.state = state;
    this.siteBaseline = siteBaseline;
    const model = state.model;
    const names = network.names;
    const location = names.location;
    // A renamed network or enclave keeps the names of its previous ids: Azure replaces a resource whose name changes.
    const name = stableId(model);

    const groupName = azureNames.resourceGroup(names.estate, network.state.stableId, name);
    const tierNames = <T>(f: (tier: Tier) => T) => Object.fromEntries(model.tiers.map((t) => [t.tier, f(t.tier)])) as Record<Tier, T>;
    this.names = {
      subscriptionId: names.subscriptionId,
      location,
      resourceGroup: groupName,
      subnets: tierNames((tier) => azureNames.subnet(name, tier)),
      subnetIds: tierNames((tier) => azureNames.subnetId(names.subscriptionId, names.resourceGroup, names.virtualNetwork, azureNames.subnet(name, tier))),
      networkSecurityGroups: tierNames((tier) => azureNames.networkSecurityGroup(name, tier)),
    };
    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', { name: groupName, location });
    const resourceGroupName = this.resourceGroup.name;
    this.ukOfficial = ukOfficial(this, 'UkOfficial', this.resourceGroup, location).assignment;
    this.allowedLocations = allowedLocations(this, 'AllowedLocations', this.resourceGroup);

    const subnets = {} as Record<Tier, Subnet>;
    const securityGroups = {} as Record<Tier, NetworkSecurityGroup>;
    for (const layout of model.tiers) {
      const tier = layout.tier;
      const label = pascal(tier);
      // The VNet may be in another stack: refer to it by name and order the stacks.
      const subnet = new Subnet(this, `${label}Subnet`, {
        name: this.names.subnets[tier],
        resourceGroupName: names.resourceGroup,
        virtualNetworkName: names.virtualNetwork,
        addressPrefixes: [layout.cidr],
        defaultOutboundAccessEnabled: false,
        // NSGs (and route tables) apply to private endpoints only when their network policies are on.
        privateEndpointNetworkPolicies: 'Enabled',
      });
      dependOn(subnet, network.virtualNetwork);
      const nsg = new NetworkSecurityGroup(this, `${label}NetworkSecurityGroup`, {
        name: this.names.networkSecurityGroups[tier],
        location,
        resourceGroupName,
      });
      for (const direction of ['Inbound', 'Outbound'] as const) {
        new NetworkSecurityRule(this, `${label}DenyAll${direction}`, {
          name: azureNames.denyAllRule(direction),
          resourceGroupName,
          networkSecurityGroupName: nsg.name,
          priority: DENY_ALL_PRIORITY,
          direction,
          access: 'Deny',
          protocol: '*',
          sourceAddressPrefix: '*',
          sourcePortRange: '*',
          destinationAddressPrefix: '*',
          destinationPortRange: '*',
          description: 'Default deny (rule PCR-13): only declared flows are allowed above this rule.',
        });
      }
      new SubnetNetworkSecurityGroupAssociation(this, `${label}SubnetNetworkSecurityGroup`, {
        subnetId: subnet.id,
        networkSecurityGroupId: nsg.id,
      });
      subnets[tier] = subnet;
      securityGroups[tier] = nsg;
    }
    this.subnets = subnets;
    this.securityGroups = securityGroups;

    this.clientConfig = new DataAzurermClientConfig(this, 'ClientConfig', {});

    const vaultName = azureNames.keyVault(names.subscriptionId, names.estate, state.stablePath, model.tenant.code);
    this.keyVault = new KeyVault(this, 'KeyVault', {
      name: vaultName,
      location,
      resourceGroupName,
      skuName: 'premium',
      tenantId: this.clientConfig.tenantId,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      rbacAuthorizationEnabled: true,
      publicNetworkAccessEnabled: false,
      networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' },
    });
    protect(this, 'KeyVaultLock', this.keyVault, this.keyVault.id, vaultName);

    const deployerAccess = new RoleAssignment(this, 'DeployerCryptoOfficer', {
      scope: this.keyVault.id,
      roleDefinitionName: ROLES.cryptoOfficer,
      principalId: this.clientConfig.objectId,
      description: 'pcloud: the deploying principal creates and rotates the enclave key',
    });

    const keyName = azureNames.keyVaultKey(name);
    this.key = new KeyVaultKey(this, 'Key', {
      name: keyName,
      keyVaultId: this.keyVault.id,
      keyType: 'RSA-HSM',
      keySize: 3072,
      keyOpts: ['wrapKey', 'unwrapKey'],
      // A new version every year; each version expires after two, so none expires while in use.
      rotationPolicy: {
        automatic: { timeAfterCreation: 'P1Y' },
        expireAfter: 'P2Y',
        notifyBeforeExpiry: 'P30D',
      },
    });
    dependOn(this.key, deployerAccess);
    protect(this, 'KeyLock', this.key, this.key.resourceVersionlessId, keyName);

    this.cmkIdentity = new UserAssignedIdentity(this, 'CmkIdentity', {
      name: azureNames.userAssignedIdentity(name),
      location,
      resourceGroupName,
    });
    this.cmkIdentityKeyAccess = new RoleAssignment(this, 'CmkIdentityKeyAccess', {
      scope: this.keyVault.id,
      roleDefinitionName: ROLES.cryptoServiceEncryptionUser,
      principalId: this.cmkIdentity.principalId,
      principalType: 'ServicePrincipal',
    });

    this.diskEncryptionSet = new DiskEncryptionSet(this, 'DiskEncryptionSet', {
      name: azureNames.diskEncryptionSet(name),
      location,
      resourceGroupName,
      keyVaultKeyId: this.key.versionlessId,
      autoKeyRotationEnabled: true,
      encryptionType: 'EncryptionAtRestWithCustomerKey',
      identity: { type: 'SystemAssigned' },
    });
    this.diskEncryptionSetKeyAccess = new RoleAssignment(this, 'DiskEncryptionSetKeyAccess', {
      scope: this.keyVault.id,
      roleDefinitionName: ROLES.cryptoServiceEncryptionUser,
      principalId: this.diskEncryptionSet.identity.principalId,
      principalType: 'ServicePrincipal',
    });

    const workspaceName = azureNames.logAnalytics(names.estate, network.state.stableId, name);
    this.auditWorkspace = new LogAnalyticsWorkspace(this, 'AuditLog', {
      name: workspaceName,
      location,
      resourceGroupName,
      sku: 'PerGB2018',
      retentionInDays: workspaceRetentionDays(model.auditRetentionDays),
      localAuthenticationEnabled: false,
    });
    protect(this, 'AuditLogLock', this.auditWorkspace, this.auditWorkspace.id, workspaceName);
    new MonitorDiagnosticSetting(this, 'KeyVaultAudit', {
      name: azureNames.diagnosticSetting(workspaceName),
      targetResourceId: this.keyVault.id,
      logAnalyticsWorkspaceId: this.auditWorkspace.id,
      enabledLog: [{ categoryGroup: 'audit' }],
    });
    if (siteBaseline) {
      // The archive may be in the site's stack: referred to by id, ordered by dependency.
      const archive = siteBaseline.names;
      const keyVaultArchive = new MonitorDiagnosticSetting(this, 'KeyVaultArchive', {
        name: azureNames.archiveDiagnosticSetting(archive.logArchive),
        targetResourceId: this.keyVault.id,
        storageAccountId: archive.logArchiveId,
        enabledLog: [{ categoryGroup: 'audit' }],
      });
      dependOn(keyVaultArchive, siteBaseline.logArchive);
      const auditLogArchive = new MonitorDiagnosticSetting(this, 'AuditLogArchive', {
        name: azureNames.archiveDiagnosticSetting(archive.logArchive),
        targetResourceId: this.auditWorkspace.id,
        storageAccountId: archive.logArchiveId,
        enabledLog: [{ categoryGroup: 'audit' }],
      });
      dependOn(auditLogArchive, siteBaseline.logArchive);
    }

    if (retentionDays !== undefined) {
      const vaultName = azureNames.recoveryServicesVault(name);
      this.recoveryVault = new RecoveryServicesVault(this, 'RecoveryVault', {
        name: vaultName,
        location,
        resourceGroupName,
        sku: 'Standard',
        softDeleteEnabled: true,
        // UK South and UK West are each other's pair: geo-redundant copies stay in the UK (rule PCR-28).
        storageModeType: 'GeoRedundant',
        crossRegionRestoreEnabled: false,
        // Recovery points cannot be deleted before they expire. Azure allows locking this later
        // (irreversible), the accreditor's call.
        immutability: 'Unlocked',
        publicNetworkAccessEnabled: false,
      });
      protect(this, 'RecoveryVaultLock', this.recoveryVault, this.recoveryVault.id, vaultName);
      this.backupPolicy = new BackupPolicyVm(this, 'BackupPolicy', {
        name: azureNames.backupPolicyVm(name),
        resourceGroupName,
        recoveryVaultName: this.recoveryVault.name,
        // Trusted Launch VMs (rule PCR-30) need the enhanced policy.
        policyType: 'V2',
        timezone: 'UTC',
        backup: { frequency: 'Daily', time: '23:00' },
        instantRestoreRetentionDays: BACKUP_INSTANT_RESTORE_DAYS,
        retentionDaily: { count: retentionDays },
      });
    }

    this.administrators = new EnclaveAdministrators(this, 'Administrators', { enclave: this });
    tagAll(this, enclaveTags(names.estate, network.model, model));
  }

  get model(): EnclaveModel {
    return this.state.model;
  }

  /** Workloads, in creation order. */
  get workloads(): Workload[] {
    return this.node.children.filter(Workload.isWorkload);
  }

  /** Adds a workload to the enclave: the same as `new Workload(enclave, id, props)`. */
  addWorkload(id: string, props: WorkloadProps): Workload {
    return new Workload(this, id, props);
  }

  /** Offers VMs of the enclave as a shared service: the same as `new SharedService(enclave, id, props)`. */
  addSharedService(id: string, props: SharedServiceProps): SharedService {
    return new SharedService(this, id, props);
  }

  /** The route tables of `routeThroughGateway`, per tier; undefined until it is called. */
  get routeTables(): Readonly<Record<Tier, RouteTable>> | undefined {
    return this.tierRouteTables;
  }

  /**
   * Makes the enclave reach exactly `routes` through its network's VPN gateway, and nothing else
   * the gateway learns: per tier subnet a route table with gateway route propagation off and one
   * route per prefix to the gateway. Call it once, with every route (it may be none), on every
   * enclave of a network that has a VPN gateway: a subnet without such a table would learn every
   * prefix of every interconnect of the network.
   */
  routeThroughGateway(routes: readonly RemoteRouteProps[]): Readonly<Record<Tier, RouteTable>> {
    const path = this.node.path;
    if (this.tierRouteTables) {
      fail({
        code: 'ROUTES_ALREADY_SET',
        path,
        problem: 'routeThroughGateway was called twice',
        given: `${routes.length} more routes`,
        expected: 'one call with every route of the enclave',
        fix: 'collect the routes (EstateView.remoteRoutes gives them all) and call routeThroughGateway once',
      });
    }
    if (!Array.isArray(routes)) {
      fail({ code: 'ROUTES_INVALID', path, problem: 'routes is not a list', given: show(routes), expected: "[{ prefix: '10.0.152.128/25', interconnect: 'aws-azure' }]", fix: 'pass a list of routes, or [] for none' });
    }
    const own = Cidr.parse(this.network.model.cidr, { path, field: 'addressSpace' });
    const byPrefix = new Map<string, string>();
    for (const r of routes) {
      const [prefix] = requirePrefixes([r?.prefix], path, 'routes[].prefix');
      const interconnect = checkId(r?.interconnect, '', 'interconnect');
      if (own.overlaps(Cidr.parse(prefix, { path, field: 'routes[].prefix' }))) {
        fail({
          code: 'ROUTE_INSIDE_NETWORK',
          path,
          problem: `route ${prefix} overlaps the enclave's own network ${own}`,
          given: prefix,
          expected: 'prefixes on other sites or community networks',
          fix: 'route only remote prefixes through the gateway; the network reaches its own subnets directly',
        });
      }
      const other = byPrefix.get(prefix);
      if (other !== undefined && other !== interconnect) {
        fail({
          code: 'ROUTE_AMBIGUOUS',
          path,
          problem: `${prefix} is routed through both "${other}" and "${interconnect}"`,
          given: prefix,
          expected: 'each prefix through one interconnect',
          fix: 'route the prefix through the interconnect that reaches it',
        });
      }
      byPrefix.set(prefix, interconnect);
    }
    const sorted = [...byPrefix].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
    const tables = {} as Record<Tier, RouteTable>;
    for (const layout of this.model.tiers) {
      const tier = layout.tier;
      const label = pascal(tier);
      const table = new RouteTable(this, `${label}RouteTable`, {
        name: azureNames.routeTable(stableId(this.model), tier),
        location: this.names.location,
        resourceGroupName: this.resourceGroup.name,
        // The gateway's routes would reach every subnet: the enclave takes only its own.
        bgpRoutePropagationEnabled: false,
        route: sorted.map(([prefix, interconnect]) => ({
          name: azureNames.route(interconnect, prefix),
          addressPrefix: prefix,
          nextHopType: 'VirtualNetworkGateway',
        })),
      });
      new SubnetRouteTableAssociation(this, `${label}SubnetRouteTable`, { subnetId: this.subnets[tier].id, routeTableId: table.id });
      tables[tier] = table;
    }
    this.tierRouteTables = tables;
    return tables;
  }

  /**
   * Lets the enclave reach a shared service on another site: on every tier's NSG an outbound Allow
   * from the enclave's address space to the providers' prefixes on the service's ports, and
   * nothing else (the providers reach no consumer, and no other consumer is admitted). The route
   * there comes from `routeThroughGateway`.
   */
  useRemoteService(id: string, props: RemoteServiceProps): this {
    const path = `${this.node.path}/${id}`;
    checkId(id, this.node.path, 'shared service');
    if (this.node.tryFindChild(`RemoteService-${id}`)) {
      fail({
        code: 'DUPLICATE_ID',
        path,
        problem: `the enclave already uses remote service "${id}"`,
        given: id,
        expected: 'one useRemoteService per service',
        fix: 'list every provider prefix and port of the service in one call',
      });
    }
    const prefixes = requirePrefixes(props?.prefixes, path, 'prefixes');
    const ports = resolvePorts(props?.ports, path);
    const scope = new Construct(this, `RemoteService-${id}`);
    for (const layout of this.model.tiers) {
      for (const port of ports) {
        allowRule(scope, `${pascal(layout.tier)}Outbound-${portOf(port).replace('/', '-')}`, {
          enclave: this,
          tier: layout.tier,
          direction: 'Outbound',
          name: azureNames.serviceRule(id, 'out', port.protocol, port.fromPort, port.toPort),
          key: `service|${id}|out|${portOf(port)}`,
          port,
          source: { prefixes: [this.model.cidr] },
          destination: { prefixes },
          description: `Shared service ${id}: ${this.state.stablePath} reaches its providers at ${prefixes.join(', ')} on ${portOf(port)}`,
        });
      }
    }
    return this;
  }
}

/** The site baseline, if given, must be an azure SiteBaseline in the network's location: diagnostic logs stay in their region. */
function checkSiteBaseline(baseline: unknown, network: AccreditedNetwork, path: string): SiteBaseline | undefined {
  if (baseline === undefined) return undefined;
  if (!SiteBaseline.isSiteBaseline(baseline)) {
    fail({
      code: 'SITE_BASELINE_INVALID',
      path,
      problem: 'siteBaseline is not an Azure site baseline',
      given: describe(baseline),
      expected: 'siteBaseline: a SiteBaseline from pcloud/azure',
      fix: "create the baseline (new azure.SiteBaseline(stack, 'Site', {...})) and pass it, or omit siteBaseline",
    });
  }
  const want = network.names.location;
  if (baseline.names.location !== want) {
    fail({
      code: 'SITE_BASELINE_MISMATCH',
      path,
      problem: `the site baseline is in ${baseline.names.location}, the enclave's network in ${want}; Azure sends diagnostic logs only to a storage account of the same location`,
      given: `siteBaseline at "${baseline.node.path}" (${baseline.names.location})`,
      expected: `a SiteBaseline whose site location is ${want}`,
      fix: `pass the baseline of the ${want} site`,
    });
  }
  return baseline;
}

function pascal(tier: Tier): string {
  return tier.charAt(0).toUpperCase() + tier.slice(1);
}

function describe(x: unknown): string {
  if (typeof x !== 'object' || x === null) return show(x);
  return (x as { constructor?: { name?: string } }).constructor?.name ?? 'an object';
}
