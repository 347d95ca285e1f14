import { loadDefinition } from '../../../bin/definition';
import type { FirewallManifest } from '../../../lib/firewall-manifest';
import type { EstateModel } from '../../../lib/model/types';
import { cfnResources, type RenderedOutputs } from '../../../lib/policy/outputs';
import { compareReach, declaredReach, describeReach, renderedReach, type Reach } from '../../../lib/policy/reachability';
import { rendered } from './fixtures';

// The national example's reachability, computed from what was rendered (security groups and the
// PrivateLink path on AWS, NSG rules on Azure, the vSphere firewall manifests), equals what the
// definition declares: its flows, exchanges and shared services, and nothing more.

let model: EstateModel;
let pristine: RenderedOutputs;

beforeAll(() => {
  model = loadDefinition('examples/national-pcloud.ts').model;
  pristine = rendered(model);
});

const list = (reach: readonly Reach[]) => reach.map(describeReach);
const enclaveOf = (party: string) => party.split('/').slice(0, 2).join('/');

describe('reachability of the national example', () => {
  test('the rendered outputs give exactly the declared reach', () => {
    const declared = declaredReach(model);
    const reach = renderedReach(model, pristine);
    expect(compareReach(declared, reach)).toEqual({ extra: [], missing: [] });
    expect(reach).toEqual(declared);
  });

  test('the declared reach holds the exchanges, the services from every site and the flows', () => {
    const reach = list(renderedReach(model, pristine));
    expect(reach).toEqual(
      expect.arrayContaining([
        'supplier-dc1/essex/records-app -> national-services/btp/api tcp/8443',
        'supplier-dc1/kent/records-app -> partner:Kent County Council tcp/443',
        // Same site, through the interface endpoint and the service's load balancer.
        'national-services/btp/web -> national-services/shared-services/messaging-gateway tcp/5671',
        // Another cloud and another data centre, through interconnects.
        'met-azure/met/case-api -> national-services/shared-services/erp-app tcp/443',
        'supplier-dc1/kent/batch -> national-services/shared-services/messaging-gateway tcp/5671',
        'national-services/btp/api -> national-services/btp/db tcp/5432',
      ]),
    );
  });

  test('no consumer reaches another, a provider reaches no consumer, nothing reaches in from outside', () => {
    const reach = renderedReach(model, pristine);
    const consumers = ['national-services/btp', 'met-azure/met', 'supplier-dc1/kent', 'supplier-dc1/essex'];
    const between = reach.filter((r) => consumers.includes(enclaveOf(r.from)) && consumers.includes(enclaveOf(r.to)) && enclaveOf(r.from) !== enclaveOf(r.to));
    // The one crossing between consumers is the declared exchange.
    expect(list(between)).toEqual(['supplier-dc1/essex/records-app -> national-services/btp/api tcp/8443']);
    expect(reach.filter((r) => enclaveOf(r.from) === 'national-services/shared-services' && enclaveOf(r.to) !== 'national-services/shared-services')).toEqual([]);
    expect(reach.filter((r) => r.from === 'outside' || r.to === 'outside')).toEqual([]);
    expect(reach.filter((r) => r.from.startsWith('gmp-restricted') !== r.to.startsWith('gmp-restricted'))).toEqual([]);
  });

  test('a manifest rule between two consumers shows as reach nothing declares', () => {
    const o = structuredClone(pristine);
    const manifest = o.firewall.find((m) => m.site === 'supplier-dc')! as unknown as { rules: FirewallManifest['rules'][number][] };
    const exchange = manifest.rules.find((r) => r.exchange?.path === 'essex-btp-custody')!;
    const essexApp = manifest.rules.find((r) => typeof r.destination === 'object' && 'workload' in r.destination && r.destination.workload === 'supplier-dc1/essex/records-app')!.destination;
    const kent = model.enclaves.find((e) => e.path === 'supplier-dc1/kent')!.cidr;
    manifest.rules.unshift({ ...exchange, id: 'oops', source: { prefix: kent, description: 'kent' }, destination: essexApp });
    expect(list(compareReach(declaredReach(model), renderedReach(model, o)).extra)).toEqual([
      'supplier-dc1/kent/batch -> supplier-dc1/essex/records-app tcp/8443',
      'supplier-dc1/kent/records-app -> supplier-dc1/essex/records-app tcp/8443',
      'supplier-dc1/kent/web -> supplier-dc1/essex/records-app tcp/8443',
    ]);
  });

  test('a security group opened to the internet shows as reach from outside', () => {
    const o = structuredClone(pristine);
    const btp = o.stacks.find((s) => s.plan.enclave === 'national-services/btp')!;
    const group = cfnResources<{ SecurityGroupIngress?: unknown[] }>(btp, 'AWS::EC2::SecurityGroup').find((g) => g.ref.id.startsWith('btpdbSecurityGroup'))!;
    group.properties.SecurityGroupIngress = [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }];
    expect(list(compareReach(declaredReach(model), renderedReach(model, o)).extra)).toEqual([
      'outside -> national-services/btp/db tcp/0-65535',
      'outside -> national-services/btp/db udp/0-65535',
      // 0.0.0.0/0 admits the exchange partner's addresses too.
      'partner:Kent County Council -> national-services/btp/db tcp/0-65535',
      'partner:Kent County Council -> national-services/btp/db udp/0-65535',
    ]);
  });

  test('a private endpoint that loses its group rule cuts the service for its consumer only', () => {
    const o = structuredClone(pristine);
    const btp = o.stacks.find((s) => s.plan.enclave === 'national-services/btp')!;
    const group = cfnResources<{ SecurityGroupIngress?: unknown[] }>(btp, 'AWS::EC2::SecurityGroup').find((g) => g.ref.id.startsWith('btpServiceEndpointmessaging'))!;
    group.properties.SecurityGroupIngress = [];
    expect(list(compareReach(declaredReach(model), renderedReach(model, o)).missing)).toEqual([
      'national-services/btp/api -> national-services/shared-services/messaging-gateway tcp/5671',
      'national-services/btp/web -> national-services/shared-services/messaging-gateway tcp/5671',
    ]);
  });
});
