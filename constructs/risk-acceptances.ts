import type { IConstruct } from 'constructs';
import type { RiskAcceptanceModel } from '../lib/model/types';
import { resolveAcceptance, type RiskAcceptance } from '../lib/policy/acceptance';

const ACCEPTANCES = Symbol.for('pcloud.riskAcceptances');

type Holder = { [ACCEPTANCES]?: RiskAcceptanceModel[] };

/**
 * Accepts a finding of the rules for everything in `scope`'s app: a PoliceCloud, or a force's own
 * aws-cdk `App`/`Stack` or cdktf `App`/`TerraformStack`. The only way to let an error finding
 * stand: it is then reported as accepted, with the reason, reference, who accepted it and until
 * when. An acceptance past its expiry is itself an error; one that matches no finding a warning.
 */
export function acceptRisk(scope: IConstruct, acceptance: RiskAcceptance): void {
  const root = scope.node.root as unknown as Holder;
  if (!root[ACCEPTANCES]) Object.defineProperty(root, ACCEPTANCES, { value: [], enumerable: false });
  const list = root[ACCEPTANCES]!;
  list.push(resolveAcceptance(acceptance, `${scope.node.path || '(app)'}/acceptances/${list.length}`));
}

/** The risk acceptances recorded for `scope`'s app, in the order they were given. */
export function acceptancesOf(scope: IConstruct): readonly RiskAcceptanceModel[] {
  return (scope.node.root as unknown as Holder)[ACCEPTANCES] ?? [];
}
