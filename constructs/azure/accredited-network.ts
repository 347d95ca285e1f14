import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { NetworkWatcherFlowLog } from '@cdktf/provider-azurerm/lib/network-watcher-flow-log';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import type { ResourceGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-group-policy-assignment';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Construct } from 'constructs';
import type { AccreditedNetworkProps as NetworkIntentProps } from '../../lib/model/network';
import type { AzureSiteProps } from '../../lib/model/site';
import type { NetworkModel, SiteModel } from '../../lib/model/types';
import { azureNames, type AzurePrivateDnsZone } from '../../lib/naming/azure';
import { networkTags } from '../../lib/tags';
import { TargetNetworkState, previousConstructId } from '../private/target-state';
import { movedFrom, tagAll } from '../terraform';
import { allowedLocations } from './private/guardrails';
import { LOG_RETENTION_DAYS, workspaceRetentionDays } from './private/mapping';
import { networkNames, type AzureNetworkNames } from './private/network-names';
import { protect } from './private/protect';
import { checkEstate, resolveSite } from './private/site';
import { hardenedStorageAccount } from './private/storage';
import { validateWithRules } from '../private/own-stack-rules';
import { VpnGateway, type SiteToSiteConnection, type SiteToSiteProps } from './vpn-gateway';

const AZURE_ACCREDITED_NETWORK = Symbol.for('pcloud.azure.AccreditedNetwork');

/** A Network Watcher, which holds the flow logs of the VNets in its location. */
export interface NetworkWatcherRef {
  readonly name: string;
  readonly resourceGroupName: string;
}

export interface AccreditedNetworkProps extends NetworkIntentProps {
  /** The Azure subscription and UK location the network is placed in. */
  readonly site: AzureSiteProps;
  /**
   * Name of the estate the network belongs to; it prefixes resource names and is tagged.
   * @default 'pcloud'
   */
  readonly estate?: string;
  /**
   * The Network Watcher that holds the VNet flow log.
   * @default - Azure's automatic watcher: `NetworkWatcher_<location>` in resource group `NetworkWatcherRG`
   */
  readonly networkWatcher?: NetworkWatcherRef;
}

/**
 * An accredited network on Azure: a resource group with a VNet (its subnets belong to the
 * enclaves), VNet flow logs with traffic analytics, the private DNS zones of the private
 * endpoints, and Azure Policy's "Allowed locations" (UK only) on the resource group. Usable in
 * any cdktf `TerraformStack` whose azurerm provider has `storage_use_azuread = true` (the
 * flow-log storage account has no shared keys).
 *
 * A renamed network (`renamedFrom`) keeps the names and tags of its previous id; its resources
 * move to their new addresses through `moved` blocks.
 */
export class AccreditedNetwork extends Construct {
  /** True for any azure AccreditedNetwork, even one from another copy of the package. */
  static isAccreditedNetwork(x: unknown): x is AccreditedNetwork {
    return typeof x === 'object' && x !== null && AZURE_ACCREDITED_NETWORK in x;
  }

  /** The model side: validation and stable allocation of the network's enclaves. */
  readonly state: TargetNetworkState;
  /** Names of the network's resources as plain strings, for enclaves in other stacks. */
  readonly names: AzureNetworkNames;
  readonly resourceGroup: ResourceGroup;
  /** Keeps the resource group's resources in the UK (rule PCR-03). */
  readonly allowedLocations: ResourceGroupPolicyAssignment;
  /** The VNet; subnets are created by the enclaves, not inline. */
  readonly virtualNetwork: VirtualNetwork;
  /** Log Analytics workspace that traffic analytics writes to, kept at least as long as the flow logs (within 730 days). */
  readonly trafficAnalyticsWorkspace: LogAnalyticsWorkspace;
  /** Storage account holding the raw VNet flow logs. */
  readonly flowLogStorage: StorageAccount;
  /**
   * The VNet flow log (rule PCR-23): it covers every subnet and NSG of the VNet. Azure stopped
   * accepting new NSG flow logs on 30 June 2025; VNet flow logs replace them.
   */
  readonly flowLog: NetworkWatcherFlowLog;
  readonly privateDnsZones: Readonly<Record<AzurePrivateDnsZone, PrivateDnsZone>>;
  private gateway?: VpnGateway;

  constructor(scope: Construct, id: string, props: AccreditedNetworkProps) {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    const estate = checkEstate(props?.estate ?? 'pcloud', path);
    const site = resolveSite(props?.site, path);
    const previousId = previousConstructId(scope, id, props);
    const state = new TargetNetworkState(estate, site, id, props);
    super(scope, id);
    Object.defineProperty(this, AZURE_ACCREDITED_NETWORK, { value: true });
    if (previousId !== undefined) movedFrom(this, previousId);
    this.state = state;
    const names = networkNames(state);
    this.names = names;
    const model = state.model;
    const name = state.stableId;
    const location = names.location;

    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', { name: names.resourceGroup, location });
    const resourceGroupName = this.resourceGroup.name;
    this.allowedLocations = allowedLocations(this, 'AllowedLocations', this.resourceGroup);

    this.virtualNetwork = new VirtualNetwork(this, 'Resource', {
      name: names.virtualNetwork,
      location,
      resourceGroupName,
      addressSpace: [model.cidr],
    });

    const workspaceName = azureNames.logAnalytics(estate, name);
    this.trafficAnalyticsWorkspace = new LogAnalyticsWorkspace(this, 'TrafficAnalytics', {
      name: workspaceName,
      location,
      resourceGroupName,
      sku: 'PerGB2018',
      retentionInDays: workspaceRetentionDays(Math.max(LOG_RETENTION_DAYS, model.flowLogRetentionDays)),
    });
    protect(this, 'TrafficAnalyticsLock', this.trafficAnalyticsWorkspace, this.trafficAnalyticsWorkspace.id, workspaceName);

    const storageName = azureNames.storageAccount(names.subscriptionId, estate, name, `fl${name}`);
    this.flowLogStorage = new StorageAccount(this, 'FlowLogStorage', hardenedStorageAccount(storageName, location, resourceGroupName));
    protect(this, 'FlowLogStorageLock', this.flowLogStorage, this.flowLogStorage.id, storageName);

    const watcher = props.networkWatcher ?? {
      name: azureNames.networkWatcher(location),
      resourceGroupName: azureNames.networkWatcherResourceGroup(),
    };
    this.flowLog = new NetworkWatcherFlowLog(this, 'FlowLog', {
      name: azureNames.flowLog(estate, name),
      location,
      networkWatcherName: watcher.name,
      resourceGroupName: watcher.resourceGroupName,
      targetResourceId: this.virtualNetwork.id,
      storageAccountId: this.flowLogStorage.id,
      enabled: true,
      version: 2,
      retentionPolicy: { enabled: true, days: model.flowLogRetentionDays },
      trafficAnalytics: {
        enabled: true,
        workspaceId: this.trafficAnalyticsWorkspace.workspaceId,
        workspaceRegion: location,
        workspaceResourceId: this.trafficAnalyticsWorkspace.id,
        intervalInMinutes: 10,
      },
    });

    const zones = {} as Record<AzurePrivateDnsZone, PrivateDnsZone>;
    for (const key of Object.keys(names.privateDnsZone) as AzurePrivateDnsZone[]) {
      const label = key.charAt(0).toUpperCase() + key.slice(1);
      const zone = new PrivateDnsZone(this, `${label}DnsZone`, { name: names.privateDnsZone[key].name, resourceGroupName });
      new PrivateDnsZoneVirtualNetworkLink(this, `${label}DnsZoneLink`, {
        name: azureNames.privateDnsZoneLink(estate, name),
        resourceGroupName,
        privateDnsZoneName: zone.name,
        virtualNetworkId: this.virtualNetwork.id,
        registrationEnabled: false,
      });
      zones[key] = zone;
    }
    this.privateDnsZones = zones;

    tagAll(this, networkTags(estate, model));
    validateWithRules(this);
  }

  get model(): NetworkModel {
    return this.state.model;
  }

  get site(): SiteModel {
    return this.state.site;
  }

  get estate(): string {
    return this.state.estate;
  }

  /** The network's VPN gateway; undefined until the first `addInterconnect`. */
  get vpnGateway(): VpnGateway | undefined {
    return this.gateway;
  }

  /**
   * Connects the network to the far end of an interconnect over IPsec (rule PCR-10), through the
   * network's VPN gateway, created with the first interconnect (see `VpnGateway`: Azure takes 30
   * to 45 minutes to create one). Its enclaves reach the far prefixes only through the routes
   * each is given with `TenantEnclave.routeThroughGateway`.
   */
  addInterconnect(id: string, props: SiteToSiteProps): SiteToSiteConnection {
    this.gateway ??= new VpnGateway(this, 'VpnGateway');
    return this.gateway.connect(id, props);
  }
}
