import { Classification } from '../../../lib/classification';
import * as azure from '../../../constructs/azure';
import {
  ISA,
  SUBSCRIPTION,
  allowRules,
  dependenciesOf,
  endsOf,
  everyAddress,
  handBuiltEstate,
  nsgRules,
  renderAzure,
  resources,
  ruleIn,
  type RenderedStack,
} from './connectivity-fixture';
import { ACCREDITATION, metEstate, newStack, pcloudErrorOf, ref, resourceNamed, site, synthJson } from './fixture';

const asgId = (enclave: string, workload: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-south-east-net-${enclave}/providers/Microsoft.Network/applicationSecurityGroups/asg-${workload}`;

/** Terraform name of the resource of `type` named `name` in a stack. */
function nameOf(rendered: Map<string, RenderedStack>, stack: string, type: string, name: string): string {
  const found = Object.entries(resources(rendered, stack, type)).filter(([, r]) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} ${name} in ${stack}, found ${found.length}`);
  return found[0][0];
}

describe('azure secure exchanges (hand-built estate)', () => {
  const model = handBuiltEstate();
  const rendered = renderAzure(model);
  const rules = allowRules(rendered);

  test('between two Azure enclaves of the network: an inbound Allow on the receiver\'s NSG and an outbound one on the sender\'s, group to group, both in the later enclave\'s stack', () => {
    // GIVEN kent/app -> essex/app on tcp/8443; essex is planned after kent
    const essex = 'south-east-net-essex';
    const essexGroup = ref('azurerm_application_security_group', nameOf(rendered, essex, 'azurerm_application_security_group', 'asg-app'), 'id');
    const essexNsg = ref('azurerm_network_security_group', nameOf(rendered, essex, 'azurerm_network_security_group', 'nsg-essex-application'), 'name');
    const mine = rules.filter((r) => r.body.name.startsWith('exchange_kent-essex-referrals_'));
    // THEN
    expect(mine.map((r) => r.stack)).toEqual([essex, essex]);
    expect(ruleIn(mine, essexNsg, 'exchange_kent-essex-referrals_in_tcp-8443').body).toMatchObject({
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source_application_security_group_ids: [asgId('kent', 'app')],
      source_port_range: '*',
      destination_application_security_group_ids: [essexGroup],
      destination_port_range: '8443',
    });
    expect(ruleIn(mine, 'nsg-kent-application', 'exchange_kent-essex-referrals_out_tcp-8443').body).toMatchObject({
      direction: 'Outbound',
      access: 'Allow',
      protocol: 'Tcp',
      resource_group_name: 'rg-south-east-net-kent',
      network_security_group_name: 'nsg-kent-application',
      source_application_security_group_ids: [asgId('kent', 'app')],
      destination_application_security_group_ids: [essexGroup],
      destination_port_range: '8443',
    });
    for (const r of mine) expect(r.body.description).toBe('ISA ISA-KE-2026-01, exchange kent-essex-referrals: net/kent/app -> net/essex/app on tcp/8443');
  });

  test('the exchange back the other way is in the later stack too: essex depends on kent, kent on neither essex nor hub', () => {
    // GIVEN essex/app -> kent/app
    const mine = rules.filter((r) => r.body.name.startsWith('exchange_essex-kent-returns_'));
    // THEN
    expect(mine.map((r) => r.stack)).toEqual(['south-east-net-essex', 'south-east-net-essex']);
    expect(ruleIn(mine, 'nsg-kent-application', 'exchange_essex-kent-returns_in_tcp-8443').body.destination_application_security_group_ids).toEqual([asgId('kent', 'app')]);
    expect(dependenciesOf(rendered, 'south-east-net-kent')).toEqual(['south-east-azure-uk', 'south-east-net']);
    expect(dependenciesOf(rendered, 'south-east-net-essex')).toEqual(['south-east-azure-uk', 'south-east-net', 'south-east-net-hub', 'south-east-net-kent']);
    expect(JSON.stringify(rendered.get('south-east-net-kent')!.tf)).not.toContain('exchange_essex-kent-returns');
    expect(JSON.stringify(rendered.get('south-east-net-kent')!.tf)).not.toContain('exchange_kent-essex-referrals');
  });

  test('with the far end on another site: an inbound Allow from its prefix to the receiver\'s group, in the receiver\'s stack', () => {
    // GIVEN btp/api (AWS) -> kent/app on tcp/443; other sites see btp/api at its zone subnet
    const kent = 'south-east-net-kent';
    const group = ref('azurerm_application_security_group', nameOf(rendered, kent, 'azurerm_application_security_group', 'asg-app'), 'id');
    const [rule] = rules.filter((r) => r.body.name.startsWith('exchange_btp-kent-custody_'));
    // THEN
    expect(rule.stack).toBe(kent);
    expect(rule.body).toMatchObject({
      name: 'exchange_btp-kent-custody_in_tcp-443',
      direction: 'Inbound',
      source_address_prefixes: ['10.0.61.128/25'],
      destination_application_security_group_ids: [group],
      destination_port_range: '443',
      protocol: 'Tcp',
    });
    expect(rule.body.description).toBe('ISA ISA-BK-2026-03, exchange btp-kent-custody: national/btp/api (10.0.61.128/25) -> net/kent/app on tcp/443');
    expect(rules.filter((r) => r.body.name.startsWith('exchange_btp-kent-custody_'))).toHaveLength(1);
  });

  test('to a partner: an outbound Allow from the sender\'s group to the partner\'s prefixes only', () => {
    const kent = 'south-east-net-kent';
    const group = ref('azurerm_application_security_group', nameOf(rendered, kent, 'azurerm_application_security_group', 'asg-app'), 'id');
    const [rule] = rules.filter((r) => r.body.name.startsWith('exchange_kent-kcc_'));
    expect(rule.stack).toBe(kent);
    expect(rule.body).toMatchObject({
      name: 'exchange_kent-kcc_out_tcp-443',
      direction: 'Outbound',
      source_application_security_group_ids: [group],
      destination_address_prefixes: ['172.28.16.0/24'],
      destination_port_range: '443',
    });
  });

  test("a sender's disclosures have a custom table of their own in its enclave's audit workspace; a sender elsewhere has none here", () => {
    const tables = (stack: string) => Object.values(resources(rendered, stack, 'azurerm_log_analytics_workspace_table_custom_log'));
    const workspace = (stack: string, enclave: string) => ref('azurerm_log_analytics_workspace', nameOf(rendered, stack, 'azurerm_log_analytics_workspace', `log-south-east-net-${enclave}`), 'id');
    expect(tables('south-east-net-kent').map((t) => [t.name, t.workspace_id]).sort()).toEqual([
      ['Disclosures_kent_essex_referrals_CL', workspace('south-east-net-kent', 'kent')],
      ['Disclosures_kent_kcc_CL', workspace('south-east-net-kent', 'kent')],
    ]);
    expect(tables('south-east-net-essex').map((t) => t.name)).toEqual(['Disclosures_essex_kent_returns_CL']);
    expect(tables('south-east-net-hub')).toEqual([]);
    const [table] = tables('south-east-net-essex');
    expect(table).toMatchObject({ plan: 'Analytics', lifecycle: { prevent_destroy: true } });
    expect(table.description).toContain('ISA-EK-2026-02');
    expect(table.column).toEqual(
      expect.arrayContaining([
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'Exchange', type: 'string' },
        { name: 'IsaReference', type: 'string' },
        { name: 'Recipients', type: 'string' },
        { name: 'Person', type: 'string' },
      ]),
    );
  });

  test('adding an exchange adds its own rules and table and leaves every other resource\'s address, priority and body as it was', () => {
    // GIVEN
    const before = renderAzure(handBuiltEstate());
    // WHEN essex/app -> kent/app on tcp/9443 is added
    const after = renderAzure(handBuiltEstate({ extraExchange: true }));
    // THEN
    const old = new Set(everyAddress(before));
    const added = everyAddress(after).filter((a) => !old.has(a));
    expect(everyAddress(after).filter((a) => old.has(a))).toEqual([...old]);
    expect(added).toEqual([
      expect.stringMatching(/^south-east-net-essex:azurerm_log_analytics_workspace_table_custom_log\.essex_app_Exchange-kent-essex-extra-Disclosures_/),
      expect.stringMatching(/^south-east-net-essex:azurerm_network_security_rule\.essex_app_Exchange-kent-essex-extra-Inbound-tcp-9443_/),
      expect.stringMatching(/^south-east-net-essex:azurerm_network_security_rule\.essex_app_Exchange-kent-essex-extra-Outbound-tcp-9443_/),
    ]);
    const bodies = new Map(nsgRules(after).map((r) => [`${r.stack}:${r.address}`, r.body]));
    for (const r of nsgRules(before)) expect(bodies.get(`${r.stack}:${r.address}`)).toEqual(r.body);
    for (const [stack, { tf }] of before) {
      for (const [type, items] of Object.entries(tf.resource ?? {})) {
        for (const [name, body] of Object.entries(items)) expect(after.get(stack)!.tf.resource![type][name]).toEqual(body);
      }
      expect(dependenciesOf(after, stack)).toEqual(dependenciesOf(before, stack));
    }
  });

  test('every NSG and direction has unique priorities and rule names, flow rules included', () => {
    // GIVEN the NSG each rule belongs to, whether named or referenced
    const nsgNames = new Map<string, string>();
    for (const [, { tf }] of rendered) {
      for (const [name, nsg] of Object.entries(tf.resource?.azurerm_network_security_group ?? {})) nsgNames.set(ref('azurerm_network_security_group', name, 'name'), (nsg as any).name);
    }
    const seen = new Map<string, Set<string>>();
    for (const r of nsgRules(rendered)) {
      const nsg = nsgNames.get(r.body.network_security_group_name) ?? r.body.network_security_group_name;
      const key = `${nsg}|${r.body.direction}`;
      const used = seen.get(key) ?? new Set<string>();
      // THEN
      expect(used.has(`p${r.body.priority}`)).toBe(false);
      expect(used.has(`n${r.body.name}`)).toBe(false);
      used.add(`p${r.body.priority}`).add(`n${r.body.name}`);
      seen.set(key, used);
    }
    expect(seen.get('nsg-kent-application|Inbound')!.size).toBeGreaterThanOrEqual(8);
  });

  test('no Allow rule of the estate names *, 0.0.0.0/0 or Internet, or opens every port', () => {
    expect(rules.length).toBeGreaterThan(15);
    for (const rule of rules) {
      for (const end of endsOf(rule.body)) expect(['*', '0.0.0.0/0', 'Internet', 'any']).not.toContain(end);
      expect(rule.body.destination_port_range).not.toBe('*');
      expect(rule.body.protocol).not.toBe('*');
    }
  });
});

describe('azure exchanges through the construct API', () => {
  const isa = { ...ISA, reference: 'ISA-MET-KENT-2026-07' };

  function twoEnclaves() {
    const { stack, network, enclave: met, app } = metEstate();
    const kent = new azure.TenantEnclave(stack, 'Kent', { network, tenant: 'kent', classification: Classification.OFFICIAL_SENSITIVE });
    const intake = kent.addWorkload('intake', { kind: 'vm' });
    return { stack, network, met, app, kent, intake };
  }

  test('exchangeTo between enclaves of one stack renders both rules once, however often it is declared', () => {
    // GIVEN
    const { stack, app, intake } = twoEnclaves();
    // WHEN
    app.exchangeTo(intake, { id: 'met-kent', isa, ports: [8443] });
    intake.exchangeFrom(app, { id: 'met-kent', isa, ports: [8443] });
    const tf = synthJson(stack);
    // THEN
    const exchange = Object.values(tf.resource!.azurerm_network_security_rule).filter((r: any) => r.name.startsWith('exchange_met-kent_'));
    expect(exchange.map((r: any) => [r.name, r.direction]).sort()).toEqual([
      ['exchange_met-kent_in_tcp-8443', 'Inbound'],
      ['exchange_met-kent_out_tcp-8443', 'Outbound'],
    ]);
    const groups = (name: string) => ref('azurerm_application_security_group', resourceNamed(tf, 'azurerm_application_security_group', name)[0], 'id');
    for (const r of exchange as any[]) {
      expect(r.source_application_security_group_ids).toEqual([groups('asg-app')]);
      expect(r.destination_application_security_group_ids).toEqual([groups('asg-intake')]);
    }
    expect(Object.values(tf.resource!.azurerm_log_analytics_workspace_table_custom_log).map((t: any) => t.name)).toEqual(['Disclosures_met_kent_CL']);
  });

  test('fails when both ends are in one enclave', () => {
    const { app, met } = twoEnclaves();
    const other = met.addWorkload('other', { kind: 'vm' });
    const error = pcloudErrorOf(() => app.exchangeTo(other, { id: 'inside', isa, ports: [443] }));
    expect(error.code).toBe('EXCHANGE_INSIDE_ENCLAVE');
    expect(error.problem).toBe('both ends of exchange "inside" are in enclave stack/Met');
  });

  test('fails when the ends are on two networks: pcloud does not peer them', () => {
    const { app } = twoEnclaves();
    const stack = newStack('other');
    const network = new azure.AccreditedNetwork(stack, 'Other', { addressSpace: '10.30.0.0/16', ceiling: Classification.OFFICIAL_SENSITIVE, accreditation: ACCREDITATION, site: site(), estate: 'met' });
    const far = new azure.TenantEnclave(stack, 'Far', { network, tenant: 'essex', classification: Classification.OFFICIAL_SENSITIVE }).addWorkload('api', { kind: 'vm' });
    const error = pcloudErrorOf(() => app.exchangeTo(far, { id: 'across', isa, ports: [443] }));
    expect(error.code).toBe('EXCHANGE_NEEDS_PEERING');
    expect(error.fix).toContain('SharedService');
  });

  test('fails when an end is a data store', () => {
    const { app, kent } = twoEnclaves();
    const db = kent.addWorkload('records', { kind: 'database' });
    const error = pcloudErrorOf(() => app.exchangeTo(db, { id: 'to-db', isa, ports: [5432] }));
    expect(error.code).toBe('EXCHANGE_ENDPOINT_KIND');
    expect(error.problem).toContain('is a database; exchanges run between VMs');
  });

  test('fails when the ISA has no reference', () => {
    const { app, intake } = twoEnclaves();
    const error = pcloudErrorOf(() => app.exchangeTo(intake, { id: 'no-isa', isa: { ...isa, reference: ' ' }, ports: [443] }));
    expect(error.code).toBe('ISA_REFERENCE_MISSING');
    expect(error.problem).toBe("the exchange's ISA has no reference");
  });

  test('fails when a peer is the whole internet', () => {
    const { app } = twoEnclaves();
    const error = pcloudErrorOf(() => app.exchangeTo({ name: 'Anyone', prefixes: ['0.0.0.0/0'] }, { id: 'out', isa, ports: [443] }));
    expect(error.code).toBe('PREFIX_TOO_WIDE');
  });

  test('fails when one exchange id is rendered again with other ends', () => {
    const { app, intake } = twoEnclaves();
    app.exchangeTo(intake, { id: 'twice', isa, ports: [443] });
    const error = pcloudErrorOf(() => app.exchangeTo({ name: 'Kent County Council', prefixes: ['172.28.16.0/24'] }, { id: 'twice', isa, ports: [443] }));
    expect(error.code).toBe('EXCHANGE_DUPLICATE');
  });
});
