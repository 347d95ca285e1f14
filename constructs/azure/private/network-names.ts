import { AZURE_PRIVATE_DNS_ZONES, azureNames, type AzurePrivateDnsZone } from '../../../lib/naming/azure';
import type { TargetNetworkState } from '../../private/target-state';

/**
 * What the enclaves of a network need to know about it, as plain strings derived from the model.
 * The network names its resources with these too, so an enclave in another Terraform stack refers
 * to them without a cross-stack reference and the two can never disagree.
 */
export interface AzureNetworkNames {
  readonly estate: string;
  readonly subscriptionId: string;
  readonly location: string;
  readonly resourceGroup: string;
  readonly virtualNetwork: string;
  readonly privateDnsZone: Readonly<Record<AzurePrivateDnsZone, { readonly name: string; readonly id: string }>>;
}

export function networkNames(state: TargetNetworkState): AzureNetworkNames {
  const { subscriptionId, location } = state.site.azure!;
  // A renamed network keeps the names of its previous id: Azure replaces a resource whose name changes.
  const resourceGroup = azureNames.resourceGroup(state.estate, state.stableId);
  const zone = (name: string) => ({ name, id: azureNames.privateDnsZoneId(subscriptionId, resourceGroup, name) });
  return {
    estate: state.estate,
    subscriptionId,
    location,
    resourceGroup,
    virtualNetwork: azureNames.virtualNetwork(state.estate, state.stableId),
    privateDnsZone: {
      postgres: zone(AZURE_PRIVATE_DNS_ZONES.postgres),
      blob: zone(AZURE_PRIVATE_DNS_ZONES.blob),
    },
  };
}
