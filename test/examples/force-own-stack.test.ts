import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdktf';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { LinuxVirtualMachine } from '@cdktf/provider-azurerm/lib/linux-virtual-machine';
import { kentAwsApp, metTerraformApp } from '../../examples/force-own-stack';

describe("a force's own stacks", () => {
  test("Kent's AWS CDK stack holds the accredited network, its enclave and workloads", () => {
    const stack = kentAwsApp().node.findChild('KentPolicing') as never;
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::EC2::VPC', 1);
    t.resourceCountIs('AWS::EC2::InternetGateway', 0);
    t.resourceCountIs('AWS::EC2::Instance', 2);
    t.hasResourceProperties('AWS::RDS::DBInstance', { StorageEncrypted: true, PubliclyAccessible: false });
    t.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
  });

  test("the Met's Terraform stack holds its enclave with a private vault and Trusted Launch VM", () => {
    const app = metTerraformApp();
    const out = Testing.synth(app.node.findChild('met-digital-evidence') as never);
    expect(out).toHaveResourceWithProperties(KeyVault, { public_network_access_enabled: false, purge_protection_enabled: true });
    expect(out).toHaveResourceWithProperties(LinuxVirtualMachine, { secure_boot_enabled: true, vtpm_enabled: true });
  });
});
