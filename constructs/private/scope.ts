import type { Construct, IConstruct } from 'constructs';
import { fail, show } from '../../lib/errors';
import { checkId } from '../../lib/model/checks';
import { checkRenameAgainstSiblings, type Renamable } from '../../lib/model/renamed-from';

/**
 * Checks a new child's id before the construct is created: lowercase kebab-case, and not taken
 * (ignoring case) by a sibling. Runs before `super()` so the error is ours, not the constructs library's.
 */
export function checkNewChild(scope: Construct, id: string, what: string): string {
  checkId(id, scope.node.path, what);
  const clash = scope.node.children.find((c) => c.node.id.toLowerCase() === id.toLowerCase());
  if (clash) {
    fail({
      code: 'DUPLICATE_ID',
      path: childPath(scope, id),
      problem: `${scope.node.path || 'the estate'} already has a construct with id "${clash.node.id}"`,
      given: show(id),
      expected: 'an id no sibling uses',
      fix: 'give each construct in the same scope its own id',
    });
  }
  return id;
}

/**
 * Checks a new child's id and `renamedFrom` against its siblings' ids and previous ids (see
 * `checkRenameAgainstSiblings`). Siblings that were renamed expose `renamedFrom`.
 */
export function checkRenamedChild(scope: Construct, self: Renamable, what: string): void {
  const siblings = scope.node.children.map((c: IConstruct & { renamedFrom?: unknown }) => ({
    id: c.node.id,
    ...(typeof c.renamedFrom === 'string' ? { renamedFrom: c.renamedFrom } : {}),
    path: c.node.path,
  }));
  checkRenameAgainstSiblings(childPath(scope, self.id), self, siblings, what);
}

/** Throws unless `scope` is what the construct must be placed in. */
export function requireScope<T>(scope: unknown, is: (x: unknown) => x is T, id: string, what: string, parent: string): T {
  if (!is(scope)) {
    const path = typeof scope === 'object' && scope !== null && 'node' in scope ? childPath(scope as Construct, id) : id;
    fail({
      code: 'SCOPE_INVALID',
      path,
      problem: `a ${what} must be created inside a ${parent}`,
      given: describeScope(scope),
      expected: `new ${what}(${parent.charAt(0).toLowerCase() + parent.slice(1)}, '${id}', { ... })`,
      fix: `pass the ${parent} it belongs to as the first argument`,
    });
  }
  return scope;
}

export function childPath(scope: Construct, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
}

function describeScope(scope: unknown): string {
  if (scope === undefined || scope === null) return String(scope);
  const name = (scope as object).constructor?.name ?? typeof scope;
  const path = typeof scope === 'object' && 'node' in (scope as object) ? (scope as Construct).node.path : '';
  return path ? `${name} at "${path}"` : name;
}

/**
 * Throws unless `source` is a workload of the kind `allowFrom` was called on (`what`, e.g.
 * "aws.Workload"): mixing targets, or passing something else, is a mistake in the definition.
 */
export function requireFlowSource<T>(source: unknown, is: (x: unknown) => x is T, path: string, what: string): T {
  if (!is(source)) {
    fail({
      code: 'FLOW_SOURCE_INVALID',
      path,
      problem: `allowFrom needs a ${what} as its source`,
      given: describeScope(source),
      expected: `a ${what} of the same enclave`,
      fix: 'pass the workload object, e.g. db.allowFrom(app, 5432)',
    });
  }
  return source;
}
