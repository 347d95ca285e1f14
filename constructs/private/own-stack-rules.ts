import type { IConstruct } from 'constructs';
import { evaluate, todayIso } from '../../lib/policy/evaluate';
import { RULES } from '../../lib/policy/rules';
import { acceptancesOf } from '../risk-acceptances';
import type { TargetNetworkState } from './target-state';

/**
 * Account- and subscription-wide controls (audit trail, log archive, threat detection) belong to
 * the estate's site stack or the force's landing zone, not to one network in a stack: in a force's
 * own stack these rules run in the estate path (`pcloud check`) only.
 */
const SITE_WIDE = new Set(['PCR-20', 'PCR-22', 'PCR-24']);

/**
 * Runs the rule catalogue over a target network and what has been added to it when the app is
 * synthesised (`cdk synth`, `cdktf synth`): an error finding that no risk acceptance covers fails
 * the synthesis, as `pcloud synth` does.
 */
export function validateWithRules(network: IConstruct & { readonly state: TargetNetworkState }): void {
  network.node.addValidation({
    validate: () => {
      if (isEstateApp(network)) return [];
      const model = network.state.toModel(acceptancesOf(network));
      const evaluation = evaluate(model, { today: todayIso(), rules: RULES.filter((r) => !SITE_WIDE.has(r.id)) });
      return evaluation.findings
        .filter((f) => f.severity === 'error')
        .map((f) => `pcloud ${f.rule} at ${f.path}: ${f.problem}. Fix: ${f.fix} (or record acceptRisk(app, { rule: '${f.rule}', path: '${f.path}', ... }))`);
    },
  });
}

const ESTATE_APP = Symbol.for('pcloud.estateApp');

/**
 * Marks an app built by the estate path (`pcloud synth`, `cloud.synth()`): the estate is checked
 * as a whole there, with its acceptances and its rendered outputs, so the per-network validation
 * stands down. Internal: not exported from the package, so it is no way to silence a rule.
 */
export function markEstateApp(app: IConstruct): void {
  Object.defineProperty(app.node.root, ESTATE_APP, { value: true });
}

function isEstateApp(scope: IConstruct): boolean {
  return ESTATE_APP in scope.node.root;
}
