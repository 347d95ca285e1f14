import type { Construct } from 'constructs';
import type { EstateModel } from '../../lib/model/types';
import type { StackPlan } from '../../lib/plan/stacks';
import type { TerraformStateConfig } from '../terraform';

/** Renders the azure stacks of an estate into a cdktf app. */
export function renderAzureEstate(app: Construct, model: EstateModel, plans: readonly StackPlan[], state: TerraformStateConfig): void {
  void app; void model; void plans; void state;
  throw new Error('not yet written');
}
