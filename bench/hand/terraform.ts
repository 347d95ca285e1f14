// Terraform stacks of the hand-written equivalent: local state beside the output, as pcloud's default.
import { App, LocalBackend, TerraformStack } from 'cdktf';

export function newTerraformApp(outdir: string): App {
  return new App({ outdir, stackTraces: false, hclOutput: false });
}

export function newStack(app: App, name: string): TerraformStack {
  const stack = new TerraformStack(app, name);
  new LocalBackend(stack, { path: `../../../terraform-state/${name}.tfstate` });
  return stack;
}
