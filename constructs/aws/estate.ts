import type { EstateModel } from '../../lib/model/types';
import type { StackPlan } from '../../lib/plan/stacks';

export function synthAwsEstate(model: EstateModel, plans: readonly StackPlan[], outdir: string, options: { validate: boolean }): void {
  void model; void plans; void outdir; void options;
  throw new Error('not yet written');
}
