import { LocalNetworkGateway } from '@cdktf/provider-azurerm/lib/local-network-gateway';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetworkGateway } from '@cdktf/provider-azurerm/lib/virtual-network-gateway';
import { VirtualNetworkGatewayConnection } from '@cdktf/provider-azurerm/lib/virtual-network-gateway-connection';
import { Construct } from 'constructs';
import { Cidr } from '../../lib/cidr';
import { fail } from '../../lib/errors';
import { checkId, requireIsoDate, requireString } from '../../lib/model/checks';
import { DEFAULT_IPSEC, requireGatewayAddress, requirePrefixes, type IpsecProps } from '../../lib/model/interconnect';
import type { IpsecModel } from '../../lib/model/types';
import { azureNames } from '../../lib/naming/azure';
import { secretVariable } from '../terraform';
import type { AccreditedNetwork } from './accredited-network';
import { azureIpsec } from './private/ipsec';
import { ZONED_LOCATIONS } from './private/mapping';

/** The GatewaySubnet is the last /27 of the network's services range. */
const GATEWAY_SUBNET_PREFIX = 27;

/** Tag keys an interconnect's resources carry beside the network's (PCR-10, PCR-31). */
export const INTERCONNECT_TAG_KEYS = {
  interconnect: 'interconnect',
  cocoReference: 'coco-reference',
  cocoExpires: 'coco-expires',
  ithcReference: 'ithc-reference',
  ithcDate: 'ithc-date',
} as const;

/** One IPsec link from a network's VPN gateway to the gateway at the far end of an interconnect. */
export interface SiteToSiteProps {
  /** Public IPv4 address of the far end's gateway: the other site's, or the community network's. */
  readonly remoteAddress: string;
  /**
   * Exactly the far prefixes the network's enclaves reach through the link: the local network
   * gateway's address space (a prefix inside another is left out, as Azure refuses overlapping
   * prefixes there; the addresses covered are the same).
   */
  readonly remotePrefixes: readonly string[];
  /** @default IKEv2, AES-256-GCM, SHA-384, DH group 20 */
  readonly ipsec?: IpsecProps;
  /** Code of Connection (PCR-31), tagged on the link. @default - none (a link between two sites of the estate) */
  readonly coco?: { readonly reference: string; readonly expires: string };
  /** Last IT Health Check, tagged on the link. @default - none */
  readonly ithc?: { readonly reference: string; readonly date: string };
}

/**
 * A network's route-based VPN gateway (rule PCR-10): the `GatewaySubnet` (the last /27 of the
 * network's services range), a Standard static public IP and a VpnGw2AZ generation 2 gateway,
 * zone-redundant where the location has zones (VpnGw2 in ukwest, which has none). Each
 * interconnect is a `connect`ion to it. Create it with `AccreditedNetwork.addInterconnect`.
 *
 * Azure takes 30 to 45 minutes to create a VPN gateway (and as long to change its SKU): the first
 * deployment of the network's stack after its first interconnect is slow. The gateway's public
 * address is Azure's to choose: read it after that deployment and give it to the far end (the
 * estate records it as the interconnect's `publicAddresses` of this site).
 */
export class VpnGateway extends Construct {
  readonly network: AccreditedNetwork;
  /** `GatewaySubnet`: no NSG or route table of pcloud's, as Azure recommends for gateway subnets. */
  readonly subnet: Subnet;
  readonly publicIp: PublicIp;
  readonly gateway: VirtualNetworkGateway;
  private readonly links = new Map<string, SiteToSiteConnection>();

  constructor(network: AccreditedNetwork, id: string) {
    super(network, id);
    this.network = network;
    const names = network.names;
    const estate = network.estate;
    const name = network.state.stableId;
    const location = names.location;
    const zoned = ZONED_LOCATIONS.includes(location);
    const services = Cidr.parse(network.model.servicesCidr, { path: network.node.path, field: 'servicesCidr' });
    this.subnet = new Subnet(this, 'GatewaySubnet', {
      name: azureNames.gatewaySubnet(),
      resourceGroupName: network.resourceGroup.name,
      virtualNetworkName: network.virtualNetwork.name,
      addressPrefixes: [services.subnet(GATEWAY_SUBNET_PREFIX, services.count(GATEWAY_SUBNET_PREFIX) - 1).toString()],
      defaultOutboundAccessEnabled: false,
    });
    this.publicIp = new PublicIp(this, 'PublicIp', {
      name: azureNames.vpnGatewayPublicIp(estate, name),
      location,
      resourceGroupName: network.resourceGroup.name,
      sku: 'Standard',
      allocationMethod: 'Static',
      ipVersion: 'IPv4',
      ...(zoned ? { zones: ['1', '2', '3'] } : {}),
    });
    this.gateway = new VirtualNetworkGateway(this, 'Resource', {
      name: azureNames.vpnGateway(estate, name),
      location,
      resourceGroupName: network.resourceGroup.name,
      type: 'Vpn',
      vpnType: 'RouteBased',
      sku: zoned ? 'VpnGw2AZ' : 'VpnGw2',
      generation: 'Generation2',
      activeActive: false,
      // Static routes only: each enclave's route table says what it reaches, nothing is learned.
      enableBgp: false,
      ipConfiguration: [
        {
          name: azureNames.vpnGatewayIpConfiguration(),
          publicIpAddressId: this.publicIp.id,
          privateIpAddressAllocation: 'Dynamic',
          subnetId: this.subnet.id,
        },
      ],
    });
  }

  /**
   * Connects the gateway to the far end of an interconnect: a local network gateway with the far
   * end's public address and exactly `remotePrefixes`, and an IPsec connection with the
   * interconnect's IKE and IPsec policy. The pre-shared key is never written into the output: it is
   * the stack's sensitive input variable `ipsec_psk_<interconnect>` (set `TF_VAR_ipsec_psk_<id>`
   * from the secret store the far end's key is kept in). Terraform keeps it in state, as it does
   * every secret azurerm manages.
   */
  connect(id: string, props: SiteToSiteProps): SiteToSiteConnection {
    checkId(id, this.node.path, 'interconnect');
    if (this.links.has(id)) {
      fail({
        code: 'DUPLICATE_ID',
        path: `${this.node.path}/${id}`,
        problem: `the network is already connected to interconnect "${id}"`,
        given: id,
        expected: 'one connection per interconnect',
        fix: 'list every prefix reached through the interconnect in one call',
      });
    }
    const link = new SiteToSiteConnection(this, id, props);
    this.links.set(id, link);
    return link;
  }

  /** The connections, by interconnect id. */
  get connections(): ReadonlyMap<string, SiteToSiteConnection> {
    return this.links;
  }
}

/** A local network gateway and an IPsec connection of a network's VPN gateway: one interconnect. */
export class SiteToSiteConnection extends Construct {
  readonly localNetworkGateway: LocalNetworkGateway;
  readonly connection: VirtualNetworkGatewayConnection;
  readonly ipsec: IpsecModel;
  /** Name of the stack's input variable that holds the pre-shared key. */
  readonly sharedKeyVariable: string;

  constructor(gateway: VpnGateway, id: string, props: SiteToSiteProps) {
    const path = `${gateway.node.path}/${id}`;
    const remoteAddress = requireGatewayAddress(props?.remoteAddress, path, 'remoteAddress');
    const remotePrefixes = requirePrefixes(props.remotePrefixes, path, 'remotePrefixes');
    const own = Cidr.parse(gateway.network.model.cidr, { path, field: 'addressSpace' });
    const inside = remotePrefixes.find((p) => own.overlaps(Cidr.parse(p, { path, field: 'remotePrefixes' })));
    if (inside) {
      fail({
        code: 'ROUTE_INSIDE_NETWORK',
        path,
        problem: `remote prefix ${inside} overlaps the network's own address space ${own}`,
        given: inside,
        expected: 'prefixes of the far end only',
        fix: 'list what the enclaves reach through the interconnect, never the network itself',
      });
    }
    const ipsec: IpsecModel = { ...DEFAULT_IPSEC, ...(props.ipsec ?? {}) };
    const azure = azureIpsec(ipsec, path);
    const tags: Record<string, string> = { [INTERCONNECT_TAG_KEYS.interconnect]: id };
    if (props.coco !== undefined) {
      tags[INTERCONNECT_TAG_KEYS.cocoReference] = requireString(props.coco?.reference, path, 'coco.reference', 'the Code of Connection reference');
      tags[INTERCONNECT_TAG_KEYS.cocoExpires] = requireIsoDate(props.coco?.expires, path, 'coco.expires');
    }
    if (props.ithc !== undefined) {
      tags[INTERCONNECT_TAG_KEYS.ithcReference] = requireString(props.ithc?.reference, path, 'ithc.reference', 'the IT Health Check report reference');
      tags[INTERCONNECT_TAG_KEYS.ithcDate] = requireIsoDate(props.ithc?.date, path, 'ithc.date');
    }
    super(gateway, id);
    this.ipsec = ipsec;
    const network = gateway.network;
    const location = network.names.location;
    const resourceGroupName = network.resourceGroup.name;
    this.localNetworkGateway = new LocalNetworkGateway(this, 'LocalNetworkGateway', {
      name: azureNames.localNetworkGateway(id),
      location,
      resourceGroupName,
      gatewayAddress: remoteAddress,
      addressSpace: addressSpaceOf(remotePrefixes, path),
      tags,
    });
    this.sharedKeyVariable = azureNames.ipsecSharedKeyVariable(id);
    this.connection = new VirtualNetworkGatewayConnection(this, 'Resource', {
      name: azureNames.vpnConnection(id),
      location,
      resourceGroupName,
      type: 'IPsec',
      virtualNetworkGatewayId: gateway.gateway.id,
      localNetworkGatewayId: this.localNetworkGateway.id,
      connectionProtocol: azure.connectionProtocol,
      ipsecPolicy: azure.ipsecPolicy,
      enableBgp: false,
      usePolicyBasedTrafficSelectors: false,
      sharedKey: secretVariable(this, this.sharedKeyVariable, `IPsec pre-shared key of interconnect ${id} (the far end holds the same)`),
      tags,
    });
  }
}

/** The prefixes in address order, without those inside another: the same addresses, no overlaps. */
function addressSpaceOf(prefixes: readonly string[], path: string): string[] {
  const cidrs = prefixes.map((p) => Cidr.parse(p, { path, field: 'remotePrefixes' }));
  return cidrs
    .filter((c, i) => !cidrs.some((other, j) => j !== i && other.contains(c) && (!c.contains(other) || j < i)))
    .sort((a, b) => a.network - b.network || a.prefix - b.prefix)
    .map((c) => c.toString());
}
