import type { EstateModel } from '../../../lib/model/types';
import { evaluate } from '../../../lib/policy/evaluate';
import { cfnResources, tfResources, type RenderedOutputs } from '../../../lib/policy/outputs';
import { TODAY, compliantEstate, evaluateRule, rendered } from './fixtures';

// The output half of every rule: a renderer bug that drops a control must be caught on the
// rendered CloudFormation, Terraform JSON or firewall manifest. Each case renders the compliant
// estate, then edits a copy of the outputs the way a faulty renderer would write them.

let model: EstateModel;
let pristine: RenderedOutputs;

beforeAll(() => {
  model = compliantEstate().cloud.toModel();
  pristine = rendered(model);
});

/** A writable copy of the compliant outputs. */
const outputs = (): RenderedOutputs => structuredClone(pristine);

/** The first resource of `type` in the stack whose name ends with `suffix`. */
function first<P = Record<string, any>>(o: RenderedOutputs, type: string, suffix: string): { props: P; id: string } {
  const stack = o.stacks.find((s) => s.plan.name.endsWith(suffix))!;
  const found = type.startsWith('AWS::') || type.startsWith('Custom::') ? cfnResources<P>(stack, type)[0] : tfResources<P>(stack, type)[0];
  if (!found) throw new Error(`no ${type} in stack *${suffix}`);
  return { props: found.properties, id: found.ref.id };
}

function failures(id: string, o: RenderedOutputs) {
  return evaluateRule(id, model, o).findings.filter((f) => f.source === 'outputs');
}

describe('the rendered compliant estate', () => {
  test('holds every rule on the model and on the outputs', () => {
    const e = evaluate(model, { today: TODAY, outputs: pristine });
    expect(e.findings).toEqual([]);
    expect(e.outcomes.filter((o) => o.status === 'held' && o.evidence.length > 0).length).toBeGreaterThan(40);
  });
});

describe('output checks catch renderer bugs', () => {
  test('PCR-01: a resource that lost its classification tag', () => {
    expect(failures('PCR-01', pristine)).toEqual([]);
    const o = outputs();
    const vpc = first<{ Tags: { Key: string }[] }>(o, 'AWS::EC2::VPC', '-aws-net');
    vpc.props.Tags = vpc.props.Tags.filter((t) => t.Key !== 'classification');
    expect(failures('PCR-01', o)).toEqual([expect.objectContaining({ path: 'aws-net', problem: expect.stringContaining('lacks the tags classification') })]);
  });

  test('PCR-03: a location outside the UK', () => {
    expect(failures('PCR-03', pristine)).toEqual([]);
    const o = outputs();
    first<{ location: string }>(o, 'azurerm_resource_group', '-azure-net-kent').props.location = 'westeurope';
    expect(failures('PCR-03', o)[0].problem).toContain('westeurope, outside the UK');
  });

  test('PCR-05: an unencrypted EBS volume, attributed to its workload', () => {
    expect(failures('PCR-05', pristine)).toEqual([]);
    const o = outputs();
    const instance = first<{ BlockDeviceMappings: { Ebs: { Encrypted: boolean } }[] }>(o, 'AWS::EC2::Instance', '-aws-net-kent');
    instance.props.BlockDeviceMappings[0].Ebs.Encrypted = false;
    const [finding] = failures('PCR-05', o);
    expect(finding.path).toMatch(/^aws-net\/kent\/(web|app)$/);
    expect(finding.resource).toMatchObject({ platform: 'aws', stack: 'rules-aws-net-kent', id: instance.id });
  });

  test('PCR-05: a vSphere VM without its encryption storage policy', () => {
    const o = outputs();
    delete (first(o, 'vsphere_virtual_machine', '-supplier-net-kent').props as Record<string, unknown>).storage_policy_id;
    expect(failures('PCR-05', o)[0].problem).toContain('no encryption storage policy');
  });

  test('PCR-06: an enclave stack without a key of its own', () => {
    expect(failures('PCR-06', pristine)).toEqual([]);
    const o = outputs();
    const stack = o.stacks.find((s) => s.plan.name === 'rules-aws-net-kent')!;
    for (const [id, r] of Object.entries(stack.cloudformation!.Resources)) if (r.Type === 'AWS::KMS::Key') delete (stack.cloudformation!.Resources as Record<string, unknown>)[id];
    expect(failures('PCR-06', o)).toEqual([expect.objectContaining({ path: 'aws-net/kent', problem: 'the enclave stack renders no key of its own' })]);
  });

  test('PCR-07: key rotation off; a vault without purge protection', () => {
    expect(failures('PCR-07', pristine)).toEqual([]);
    const o = outputs();
    first<{ EnableKeyRotation: boolean }>(o, 'AWS::KMS::Key', '-aws-net-kent').props.EnableKeyRotation = false;
    first<{ purge_protection_enabled: boolean }>(o, 'azurerm_key_vault', '-azure-net-kent').props.purge_protection_enabled = false;
    expect(failures('PCR-07', o).map((f) => f.path).sort()).toEqual(['aws-net/kent', 'azure-net/kent']);
  });

  test('PCR-08: a bucket that accepts plain HTTP; a storage account below TLS 1.2', () => {
    expect(failures('PCR-08', pristine)).toEqual([]);
    const o = outputs();
    const policy = first<{ PolicyDocument: { Statement: { Effect: string }[] } }>(o, 'AWS::S3::BucketPolicy', '-aws-net-kent');
    policy.props.PolicyDocument.Statement = policy.props.PolicyDocument.Statement.filter((s) => s.Effect !== 'Deny');
    first<{ min_tls_version: string }>(o, 'azurerm_storage_account', '-azure-net-kent').props.min_tls_version = 'TLS1_0';
    expect(failures('PCR-08', o).map((f) => f.path).sort()).toEqual(['aws-net/kent/docs', 'azure-net/kent/docs']);
  });

  test('PCR-09: a VM that does not require encrypted vMotion', () => {
    expect(failures('PCR-09', pristine)).toEqual([]);
    const o = outputs();
    first<{ extra_config: Record<string, string> }>(o, 'vsphere_virtual_machine', '-supplier-net-kent').props.extra_config = {};
    expect(failures('PCR-09', o)[0].path).toMatch(/^supplier-net\/kent\//);
  });

  test('PCR-11: an enclave stack without its own network ACLs', () => {
    expect(failures('PCR-11', pristine)).toEqual([]);
    const o = outputs();
    const stack = o.stacks.find((s) => s.plan.name === 'rules-aws-net-kent')!;
    for (const [id, r] of Object.entries(stack.cloudformation!.Resources)) if (r.Type === 'AWS::EC2::NetworkAcl') delete (stack.cloudformation!.Resources as Record<string, unknown>)[id];
    expect(failures('PCR-11', o)[0].problem).toContain('AWS::EC2::NetworkAcl');
  });

  test('PCR-12: a security group, an NSG rule or a manifest rule that lets anything cross an enclave boundary', () => {
    expect(failures('PCR-12', pristine)).toEqual([]);
    const o = outputs();
    const aws = o.stacks.find((s) => s.plan.name === 'rules-aws-net-kent')!;
    const group = cfnResources<{ SecurityGroupIngress?: unknown[] }>(aws, 'AWS::EC2::SecurityGroup').find((g) => g.ref.id.startsWith('kentapp'))!;
    group.properties.SecurityGroupIngress = [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }];
    const azure = o.stacks.find((s) => s.plan.name === 'rules-azure-net-kent')!;
    const rules = azure.terraform!.resource!.azurerm_network_security_rule;
    const flow = Object.values(rules).find((r) => r.access === 'Allow' && r.direction === 'Inbound')!;
    rules.from_partner = { ...flow, name: 'oops', priority: 150, source_application_security_group_ids: undefined, source_address_prefix: '203.0.113.0/24', destination_port_range: '3389' };
    const manifest = o.firewall.find((m) => m.site === 'supplier-dc')!;
    const web = manifest.rules.find((r) => typeof r.destination === 'object' && 'workload' in r.destination && r.destination.workload === 'supplier-net/kent/app')!;
    (manifest.rules as unknown[]).unshift({ ...web, id: 'oops', source: { prefix: '10.0.0.0/16', description: 'aws-net' }, ports: '22' });
    (manifest.rules as unknown[]).unshift({ ...web, id: 'oops-2', source: { prefix: '198.51.100.0/24', description: 'somewhere' }, ports: '23' });
    const found = failures('PCR-12', o).map((f) => [f.path, f.problem]);
    expect(found).toEqual([
      ['aws-net/kent', 'the rendered filters let outside -> aws-net/kent/app tcp/22 across the boundary of aws-net/kent, and no exchange or shared service declares it'],
      ['azure-net/kent', expect.stringMatching(/^the rendered filters let outside -> azure-net\/kent\/[a-z]+ tcp\/3389 across the boundary of azure-net\/kent/)],
      ['supplier-net/kent', 'the rendered filters let outside -> supplier-net/kent/app tcp/23 across the boundary of supplier-net/kent, and no exchange or shared service declares it'],
    ]);
    // The tcp/22 manifest rule admits the AWS network, but AWS lets nothing out to the supplier: no path, no finding.
    expect(found.some(([, problem]) => problem.includes('tcp/22 across the boundary of supplier'))).toBe(false);
  });

  test('PCR-13: a tier NACL or NSG without its deny-all rule; a manifest without the default deny', () => {
    expect(failures('PCR-13', pristine)).toEqual([]);
    const o = outputs();
    const stack = o.stacks.find((s) => s.plan.name === 'rules-azure-net-kent')!;
    const rules = stack.terraform!.resource!.azurerm_network_security_rule;
    const deny = Object.keys(rules).find((k) => rules[k].access === 'Deny')!;
    delete rules[deny];
    (o.firewall.find((m) => m.site === 'supplier-dc')!.rules as unknown[]).pop();
    const found = failures('PCR-13', o);
    expect(found.map((f) => f.path).sort()).toEqual(['azure-net/kent', 'supplier-net/kent']);
  });

  test('PCR-14: a public IP resource', () => {
    expect(failures('PCR-14', pristine)).toEqual([]);
    const o = outputs();
    const stack = o.stacks.find((s) => s.plan.name === 'rules-azure-net-kent')!;
    (stack.terraform!.resource as Record<string, unknown>).azurerm_public_ip = { web_ip: { name: 'pip', location: 'uksouth' } };
    expect(failures('PCR-14', o)[0].problem).toContain('azurerm_public_ip.web_ip');
  });

  test('PCR-15: a publicly accessible database', () => {
    expect(failures('PCR-15', pristine)).toEqual([]);
    const o = outputs();
    first<{ PubliclyAccessible: boolean }>(o, 'AWS::RDS::DBInstance', '-aws-net-kent').props.PubliclyAccessible = true;
    expect(failures('PCR-15', o)).toEqual([expect.objectContaining({ path: 'aws-net/kent/db' })]);
  });

  test('PCR-16: an internet gateway with no WAF', () => {
    expect(evaluateRule('PCR-16', model, pristine).findings).toEqual([]);
    const o = outputs();
    const stack = o.stacks.find((s) => s.plan.name === 'rules-aws-net')!;
    (stack.cloudformation!.Resources as Record<string, unknown>).Igw = { Type: 'AWS::EC2::InternetGateway', Properties: {} };
    expect(failures('PCR-16', o)[0]).toMatchObject({ path: 'rules', problem: expect.stringContaining('faces the internet with no WAF') });
  });

  test('PCR-17: SSH open to a CIDR', () => {
    expect(failures('PCR-17', pristine)).toEqual([]);
    const o = outputs();
    const sg = first<{ SecurityGroupIngress?: unknown[] }>(o, 'AWS::EC2::SecurityGroup', '-aws-net-kent');
    sg.props.SecurityGroupIngress = [{ CidrIp: '10.0.0.0/8', FromPort: 22, ToPort: 22, IpProtocol: 'tcp' }];
    expect(failures('PCR-17', o)[0].problem).toContain('admits 22 from 10.0.0.0/8');
  });

  test('PCR-19: an IAM statement allowing everything; an Owner role assignment', () => {
    expect(failures('PCR-19', pristine)).toEqual([]);
    const o = outputs();
    const policy = first<{ PolicyDocument: { Statement: unknown[] } }>(o, 'AWS::IAM::Policy', '-aws-net-kent');
    policy.props.PolicyDocument.Statement.push({ Effect: 'Allow', Action: '*', Resource: '*' });
    first<{ role_definition_name: string }>(o, 'azurerm_role_assignment', '-azure-net-kent').props.role_definition_name = 'Owner';
    const problems = failures('PCR-19', o).map((f) => f.problem);
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('allows a wildcard action on every resource'), expect.stringContaining('grants Owner')]));
  });

  test('PCR-19: a custom Azure role that can grant access; a Contributor assignment', () => {
    const o = outputs();
    const role = first<{ permissions: { actions: string[]; not_actions: string[] }[] }>(o, 'azurerm_role_definition', '-azure-net-kent');
    role.props.permissions = [{ actions: ['*'], not_actions: [] }];
    const stack = o.stacks.find((s) => s.plan.name === 'rules-azure-net-kent')!;
    const assignments = stack.terraform!.resource!.azurerm_role_assignment;
    assignments.admins = { scope: 'rg', principal_id: '5b0e8c44-1f3a-4d2e-9a7b-6c1d2e3f4a50', principal_type: 'Group', role_definition_name: 'Contributor' };
    const problems = failures('PCR-19', o).map((f) => f.problem);
    expect(problems).toEqual([expect.stringMatching(/^azurerm_role_assignment azurerm_role_assignment\.admins .* grants Contributor$/), expect.stringMatching(/^azurerm_role_definition .* lets its holders grant access$/)]);
  });

  test('PCR-19: a vSphere role that can grant access; a permission on the datacenter with the built-in Administrator role', () => {
    const o = outputs();
    const vsphere = o.stacks.filter((s) => s.plan.platform === 'vsphere');
    const [role] = vsphere.flatMap((s) => tfResources<{ role_privileges: string[] }>(s, 'vsphere_role'));
    const permissions = vsphere.flatMap((s) => tfResources<{ entity_type: string; permissions: { role_id: string }[] }>(s, 'vsphere_entity_permissions'));
    expect(role.properties.role_privileges).not.toContain('Authorization.ModifyPermissions');
    expect(permissions.length).toBeGreaterThanOrEqual(2);
    role.properties.role_privileges.push('Authorization.ModifyPermissions');
    permissions[0].properties.entity_type = 'Datacenter';
    permissions[1].properties.permissions[0].role_id = '-1';
    const problems = failures('PCR-19', o).map((f) => f.problem);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^vsphere_role .* grants Authorization\.ModifyPermissions$/),
        expect.stringMatching(/^vsphere_entity_permissions .* is granted on a Datacenter, above the enclave's folder and resource pool$/),
        expect.stringMatching(/^vsphere_entity_permissions .* grants a built-in vCenter role \(-1\)$/),
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  test('PCR-18: an administrator role assumable without MFA', () => {
    expect(failures('PCR-18', pristine)).toEqual([]);
    const o = outputs();
    const stack = o.stacks.find((s) => s.plan.name === 'rules-aws-net-kent')!;
    const role = cfnResources<{ Tags: { Key: string }[]; AssumeRolePolicyDocument: { Statement: { Condition?: unknown }[] } }>(stack, 'AWS::IAM::Role').find((r) => r.properties.Tags?.some((t) => t.Key === 'pcloud:administrator-group'))!;
    delete role.properties.AssumeRolePolicyDocument.Statement[0].Condition;
    expect(failures('PCR-18', o).map((f) => [f.path, f.problem])).toEqual([['aws-net/kent', expect.stringMatching(/can be assumed without MFA$/)]]);
  });

  test('PCR-32: an administrator role tagged below the vetting its enclave needs', () => {
    expect(failures('PCR-32', pristine)).toEqual([]);
    const o = outputs();
    const stack = o.stacks.find((s) => s.plan.name === 'rules-aws-net-kent')!;
    const role = cfnResources<{ Tags: { Key: string; Value: string }[] }>(stack, 'AWS::IAM::Role').find((r) => r.properties.Tags?.some((t) => t.Key === 'pcloud:administrator-group'))!;
    role.properties.Tags.find((t) => t.Key === 'pcloud:vetting')!.Value = 'NPPV1';
    expect(failures('PCR-32', o).map((f) => f.problem)).toEqual([expect.stringMatching(/is tagged with vetting NPPV1; NPPV2 or higher is needed$/)]);
  });

  test('PCR-21: a log group kept 30 days', () => {
    expect(failures('PCR-21', pristine)).toEqual([]);
    const o = outputs();
    first<{ RetentionInDays: number }>(o, 'AWS::Logs::LogGroup', '-aws-net-kent').props.RetentionInDays = 30;
    expect(failures('PCR-21', o)[0].problem).toContain('keeps logs 30 days');
  });

  test('PCR-23: a network stack without its flow log', () => {
    expect(failures('PCR-23', pristine)).toEqual([]);
    const o = outputs();
    const stack = o.stacks.find((s) => s.plan.name === 'rules-azure-net')!;
    delete (stack.terraform!.resource as Record<string, unknown>).azurerm_network_watcher_flow_log;
    expect(failures('PCR-23', o)).toEqual([expect.objectContaining({ path: 'azure-net', problem: 'network stack rules-azure-net renders no flow log' })]);
  });

  test('PCR-25: an enclave stack without its audit log group', () => {
    expect(failures('PCR-25', pristine)).toEqual([]);
    const o = outputs();
    const stack = o.stacks.find((s) => s.plan.name === 'rules-aws-net-kent')!;
    for (const [id, r] of Object.entries(stack.cloudformation!.Resources)) {
      if (r.Type === 'AWS::Logs::LogGroup' && String(r.Properties?.LogGroupName).endsWith('/audit')) delete (stack.cloudformation!.Resources as Record<string, unknown>)[id];
    }
    expect(failures('PCR-25', o)[0].path).toBe('aws-net/kent');
  });

  test('PCR-29: a port group that allows forged transmits or sits on VLAN 1', () => {
    expect(failures('PCR-29', pristine)).toEqual([]);
    const o = outputs();
    const pg = first<{ allow_forged_transmits: boolean; vlan_id: number }>(o, 'vsphere_distributed_port_group', '-supplier-net-kent');
    pg.props.allow_forged_transmits = true;
    pg.props.vlan_id = 1;
    expect(failures('PCR-29', o)[0].problem).toContain('allows forged transmits, VLAN 1');
  });

  test('PCR-30: an instance that does not require IMDSv2; a VM without Trusted Launch', () => {
    expect(failures('PCR-30', pristine)).toEqual([]);
    const o = outputs();
    first<{ MetadataOptions: { HttpTokens: string } }>(o, 'AWS::EC2::Instance', '-aws-net-kent').props.MetadataOptions.HttpTokens = 'optional';
    first<{ vtpm_enabled: boolean }>(o, 'azurerm_linux_virtual_machine', '-azure-net-kent').props.vtpm_enabled = false;
    expect(failures('PCR-30', o).map((f) => f.path.split('/').slice(0, 2).join('/')).sort()).toEqual(['aws-net/kent', 'azure-net/kent']);
  });

  test('PCR-20: an account baseline without a validated trail; a subscription without its activity log', () => {
    expect(failures('PCR-20', pristine)).toEqual([]);
    const o = outputs();
    first<{ EnableLogFileValidation: boolean }>(o, 'AWS::CloudTrail::Trail', '-aws-london').props.EnableLogFileValidation = false;
    const stack = o.stacks.find((s) => s.plan.name === 'rules-azure-uksouth')!;
    delete (stack.terraform!.resource as Record<string, unknown>).azurerm_monitor_diagnostic_setting;
    expect(failures('PCR-20', o).map((f) => f.path).sort()).toEqual(['aws-london', 'azure-uksouth']);
  });

  test('PCR-22: a log archive without Object Lock', () => {
    expect(failures('PCR-22', pristine)).toEqual([]);
    const o = outputs();
    const stack = o.stacks.find((s) => s.plan.name === 'rules-aws-london')!;
    for (const r of Object.values(stack.cloudformation!.Resources)) if (r.Type === 'AWS::S3::Bucket') delete (r.Properties as Record<string, unknown>).ObjectLockEnabled;
    expect(failures('PCR-22', o).map((f) => f.path)).toEqual(['aws-net/kent']);
  });

  test('PCR-24: a GuardDuty detector switched off; no Defender plan', () => {
    expect(failures('PCR-24', pristine)).toEqual([]);
    const o = outputs();
    first<{ Enable: boolean }>(o, 'AWS::GuardDuty::Detector', '-aws-london').props.Enable = false;
    const stack = o.stacks.find((s) => s.plan.name === 'rules-azure-uksouth')!;
    delete (stack.terraform!.resource as Record<string, unknown>).azurerm_security_center_subscription_pricing;
    expect(failures('PCR-24', o).map((f) => f.path).sort()).toEqual(['aws-london', 'azure-uksouth']);
  });

  test('PCR-28: an enclave stack without its backup vault', () => {
    expect(failures('PCR-28', pristine)).toEqual([]);
    const o = outputs();
    const stack = o.stacks.find((s) => s.plan.name === 'rules-azure-net-kent')!;
    delete (stack.terraform!.resource as Record<string, unknown>).azurerm_recovery_services_vault;
    expect(failures('PCR-28', o)).toEqual([expect.objectContaining({ path: 'azure-net/kent', problem: expect.stringContaining('renders no encrypted backup vault') })]);
  });
});
