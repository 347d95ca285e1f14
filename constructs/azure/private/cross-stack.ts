import type { IConstruct } from 'constructs';
import { stackDependsOn, stackOf } from '../../terraform';

/**
 * What `user` writes to refer to `resource`: the resource's own attribute (a Terraform reference)
 * when both are in one stack; otherwise `built`, the same value built from names, with `user`'s
 * stack ordered after `resource`'s. Never a cross-stack reference: one stack's state never reads
 * another's.
 */
export function refer(user: IConstruct, resource: IConstruct, attribute: string, built: string): string {
  if (stackOf(user) === stackOf(resource)) return attribute;
  stackDependsOn(user, resource);
  return built;
}

/**
 * Of two constructs, the one whose stack is deployed later: the stack that already depends on the
 * other's, else the one created later in the app (in the estate path, the later in plan order).
 * `b` when both are in one stack.
 *
 * Whatever joins two enclaves of one site (both rules of an exchange, a consumer's endpoint of a
 * shared service) is rendered in the later of their stacks, which then depends on the earlier:
 * every such dependency points back in plan order, so the stacks never depend on each other in a
 * cycle, whatever the exchanges and services between them.
 */
export function laterOf<T extends IConstruct>(a: T, b: T): T {
  const sa = stackOf(a);
  const sb = stackOf(b);
  if (sa === sb || sa.dependencies.includes(sb)) return sa === sb ? b : a;
  if (sb.dependencies.includes(sa)) return b;
  const all = a.node.root.node.findAll();
  return all.indexOf(sa) > all.indexOf(sb) ? a : b;
}
