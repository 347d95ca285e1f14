import { fail, show } from '../errors';
import { MAX_ID_LENGTH, isId, suggestId } from './checks';

/**
 * A declared rename. Identity is the construct path, so a new id would otherwise be a new
 * construct: new stack, new names, new allocations, and everything in it replaced. A construct
 * that declares `renamedFrom` keeps what its previous id gave it (stack, cloud names, address,
 * VLAN and zone allocation, CloudFormation logical ids) and Terraform moves its resources to
 * their new addresses. These helpers give the id and path those things derive from.
 */
export interface Renamable {
  readonly id: string;
  /** The id the construct had before it was renamed. */
  readonly renamedFrom?: string;
}

/** The id names, allocations and stacks derive from: the previous id of a renamed construct, else its id. */
export function stableId(x: Renamable): string {
  return x.renamedFrom ?? x.id;
}

/**
 * `network/enclave/workload` made of stable ids: the key of hashed names (S3 buckets, Key Vaults,
 * storage accounts, databases) and of address, VLAN and zone allocation. It equals the path unless
 * the construct or one of its parents was renamed.
 */
export function stablePath(...chain: readonly Renamable[]): string {
  return chain.map(stableId).join('/');
}

/**
 * Validates the `renamedFrom` of the construct at `path` whose id is `id`: a lowercase kebab-case
 * id, like an id, and not the id itself. Returns it, or undefined when none was given.
 */
export function resolveRenamedFrom(value: unknown, id: string, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isId(value)) {
    const suggestion = suggestId(value);
    fail({
      code: 'RENAMED_FROM_INVALID',
      path,
      problem: `renamedFrom is not a lowercase kebab-case id of at most ${MAX_ID_LENGTH} characters`,
      given: show(value),
      expected: 'the id the construct had before it was renamed, written as it was, e.g. "case-app"',
      fix: suggestion && suggestion !== id ? `use "${suggestion}" if that was the previous id` : 'set renamedFrom to the previous id exactly as it was deployed',
    });
  }
  if (value === id) {
    fail({
      code: 'RENAMED_FROM_SAME_ID',
      path,
      problem: 'renamedFrom equals the id: the construct was not renamed',
      given: show(value),
      expected: `the id the construct had before it was renamed, other than "${id}"`,
      fix: 'remove renamedFrom, or set it to the previous id',
    });
  }
  return value;
}

/** A sibling as the rename checks see it. */
export interface RenameSibling extends Renamable {
  readonly path: string;
}

/**
 * Checks a new construct against its siblings (constructs of the same scope). Its previous id
 * must not be a sibling's current id (that sibling still holds the previous names, logical ids
 * and addresses), nor a sibling's previous id (two constructs would claim the same resources),
 * and its own id must not be a sibling's previous id (it would take over that sibling's names).
 * Ids are compared ignoring case, as sibling ids are.
 */
export function checkRenameAgainstSiblings(path: string, self: Renamable, siblings: readonly RenameSibling[], what: string): void {
  const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
  for (const other of siblings) {
    if (same(self.renamedFrom, other.id)) {
      fail({
        code: 'RENAMED_FROM_CLASH',
        path,
        problem: `renamedFrom "${self.renamedFrom}" is the id of "${other.path}", which still uses it`,
        given: show(self.renamedFrom),
        expected: `the previous id of this ${what}, which no sibling has now`,
        fix: `if this ${what} was renamed from "${self.renamedFrom}", the other one cannot take that id in the same change: give it another id; otherwise remove renamedFrom`,
      });
    }
    if (same(self.renamedFrom, other.renamedFrom)) {
      fail({
        code: 'RENAMED_FROM_CLASH',
        path,
        problem: `"${other.path}" is already renamed from "${other.renamedFrom}"`,
        given: show(self.renamedFrom),
        expected: `a previous id no sibling claims: only one construct can take over the resources of "${self.renamedFrom}"`,
        fix: `keep renamedFrom on the construct that was "${self.renamedFrom}" and remove it from the other`,
      });
    }
    if (same(self.id, other.renamedFrom)) {
      fail({
        code: 'RENAMED_FROM_CLASH',
        path,
        problem: `id "${self.id}" is the previous id of "${other.path}" (renamedFrom "${other.renamedFrom}"), whose resources keep that id`,
        given: show(self.id),
        expected: `an id no sibling had before a rename`,
        fix: `choose another id for this ${what}`,
      });
    }
  }
}
