import { App, Aspects, AzurermBackend, LocalBackend, S3Backend, TerraformResource, TerraformStack, TerraformVariable, dependable, type IAspect } from 'cdktf';
import type { Construct, IConstruct, Node } from 'constructs';

import type { TerraformStateConfig } from '../../lib/plan/terraform-state';

export type { TerraformStateConfig };

/** Folder (relative to `cdktf.out/stacks/<stack>/`) where the local backend keeps state. */
export const LOCAL_STATE_DIR = 'terraform-state';

/** A cdktf App writing to `outdir`, without stack traces (they hold absolute paths and break determinism). */
export function newTerraformApp(outdir: string): App {
  return new App({ outdir, stackTraces: false, hclOutput: false });
}

/** A Terraform stack with its state configured; state keys are the stack name, so they never collide. */
export function newTerraformStack(app: Construct, name: string, state: TerraformStateConfig = { type: 'local' }): TerraformStack {
  const stack = new TerraformStack(app, name);
  switch (state.type) {
    case 'local':
      new LocalBackend(stack, { path: `../../../${LOCAL_STATE_DIR}/${name}.tfstate` });
      break;
    case 'azurerm':
      new AzurermBackend(stack, {
        resourceGroupName: state.resourceGroupName,
        storageAccountName: state.storageAccountName,
        containerName: state.containerName,
        key: `${name}.tfstate`,
        useAzureadAuth: true,
        ...(state.subscriptionId ? { subscriptionId: state.subscriptionId } : {}),
      });
      break;
    case 's3':
      new S3Backend(stack, {
        bucket: state.bucket,
        key: `${name}.tfstate`,
        region: state.region,
        encrypt: true,
        ...(state.dynamodbTable ? { dynamodbTable: state.dynamodbTable } : {}),
        ...(state.kmsKeyId ? { kmsKeyId: state.kmsKeyId } : {}),
      });
      break;
  }
  return stack;
}

/** Writes the app's stacks to its outdir. */
export function synthTerraformApp(app: App): void {
  app.synth();
}

/**
 * Runs `render` with cdktf's token creation stack traces off. cdktf records a full stack trace
 * for every token it makes (each read of a resource's `id` or `name`), only to name the creator in
 * an error about a misused token: one a renderer would hit, never a definition. It has no switch
 * for it (aws-cdk-lib has one, which the AWS estate sets); at 48 forces the traces cost a sixth of
 * a Terraform synthesis and 50 MB. cdktf is archived and pinned, so its private module stays put.
 * A force's own cdktf app is left as it is.
 */
export function withoutTokenStackTraces<T>(render: () => T): T {
  const traces: { captureStackTrace: (below?: unknown) => string[] } = require('cdktf/lib/tokens/private/stack-trace');
  const capture = traces.captureStackTrace;
  traces.captureStackTrace = () => [];
  try {
    return render();
  } finally {
    traces.captureStackTrace = capture;
  }
}

/** The Terraform stack a construct belongs to. */
export function stackOf(construct: IConstruct): TerraformStack {
  return TerraformStack.of(construct);
}

/**
 * Makes `dependent` wait for `dependency`. In one stack that is a `depends_on`; across stacks it
 * is an ordering between the stacks (deploy the dependency's stack first), because pcloud
 * refers to resources in other stacks by their deterministic names, not by remote state.
 */
export function dependOn(dependent: IConstruct & { dependsOn?: string[] }, dependency: IConstruct & { fqn: string }): void {
  const own = TerraformStack.of(dependent);
  const other = TerraformStack.of(dependency);
  if (own === other) {
    const seen = declaredDependencies.get(dependent) ?? new Set<string>();
    if (seen.has(dependency.fqn)) return;
    seen.add(dependency.fqn);
    declaredDependencies.set(dependent, seen);
    // dependable() renders a bare address (type.name); Terraform refuses "${...}" in depends_on.
    dependent.dependsOn = [...(dependent.dependsOn ?? []), dependable(dependency)];
  } else if (!own.dependencies.includes(other)) {
    own.addDependency(other);
  }
}

const declaredDependencies = new WeakMap<IConstruct, Set<string>>();

/** Orders two stacks: `dependent` is deployed after `dependency`. */
export function stackDependsOn(dependent: IConstruct, dependency: IConstruct): void {
  const own = TerraformStack.of(dependent);
  const other = TerraformStack.of(dependency);
  if (own !== other && !own.dependencies.includes(other)) own.addDependency(other);
}

/** Protects a stateful resource from `terraform destroy` and from replacement plans. */
export function preventDestroy(resource: { addOverride(path: string, value: unknown): void }): void {
  resource.addOverride('lifecycle.prevent_destroy', true);
}

/**
 * Adds `tags` to every resource under `scope` that has a `tags` map (azurerm resources);
 * tags a resource sets itself win. vSphere tags are ids, not maps, and are attached explicitly.
 */
export function tagAll(scope: IConstruct, tags: Readonly<Record<string, string>>): void {
  Aspects.of(scope).add(new MapTagger(tags));
}

class MapTagger implements IAspect {
  constructor(private readonly tags: Readonly<Record<string, string>>) {}

  visit(node: IConstruct): void {
    const taggable = node as unknown as { tagsInput?: unknown; tags?: Record<string, string> };
    if (!('tagsInput' in (node as object))) return;
    const current = taggable.tagsInput;
    if (current !== undefined && (typeof current !== 'object' || current === null)) return;
    taggable.tags = { ...this.tags, ...((current as Record<string, string>) ?? {}) };
  }
}

/**
 * Declares that `construct` had the id `previousId` before it was renamed. Every managed resource
 * under it, including those added after this call, keeps its state: its address is the new
 * construct path, and a `moved` block leads there from the address the previous id gave it.
 * Renames nested in one another (an enclave and one of its workloads) make one move per resource.
 * Data sources need no move: Terraform reads them again.
 */
export function movedFrom(construct: IConstruct, previousId: string): void {
  previousIds.set(construct, previousId);
  const stack = TerraformStack.of(construct);
  if (!stacksWithMoves.has(stack)) {
    stacksWithMoves.add(stack);
    Aspects.of(stack).add(new MovedBlocks(stack));
  }
}

const previousIds = new WeakMap<IConstruct, string>();
const stacksWithMoves = new WeakSet<TerraformStack>();

/** Adds the `moved` blocks at synthesis, when every resource of the stack exists. */
class MovedBlocks implements IAspect {
  private readonly moved = new WeakSet<IConstruct>();

  constructor(private readonly stack: TerraformStack) {}

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node) || this.moved.has(node)) return;
    const scopes = node.node.scopes;
    const inStack = scopes.slice(scopes.indexOf(this.stack) + 1);
    if (!inStack.some((s) => previousIds.has(s))) return;
    this.moved.add(node);
    // The address the resource had: cdktf's own naming, over the path with the previous ids.
    const previousPath = inStack.map((s) => ({ node: { id: previousIds.get(s) ?? s.node.id } }));
    const previousName = this.stack.getLogicalId({ scopes: [this.stack, ...previousPath] } as unknown as Node);
    node.moveFromId(`${node.terraformResourceType}.${previousName}`);
  }
}

/**
 * A sensitive string input variable of `scope`'s stack, named `name` exactly (set it with
 * `TF_VAR_<name>`), for a secret the configuration must never hold: the value is given at plan and
 * apply time, so it stays out of the synthesised output (Terraform still keeps it in state).
 */
export function secretVariable(scope: Construct, name: string, description: string): string {
  const variable = new TerraformVariable(scope, name, { type: 'string', sensitive: true, nullable: false, description });
  variable.overrideLogicalId(name);
  return variable.stringValue;
}
