// The app `cdk.json` runs: `npx cdk synth` renders the AWS stacks of the definition named by
// PCLOUD_DEFINITION (default: the national example) into the folder the CDK CLI chooses.
import { planStacks } from '../lib/plan/stacks';
import { synthAwsEstate } from '../constructs/aws/estate';
import { defaultDefinition, loadDefinition } from './definition';
import { exitOnDefinitionError } from './app-errors';

exitOnDefinitionError(() => {
  const { model } = loadDefinition(process.env.PCLOUD_DEFINITION ?? defaultDefinition());
  synthAwsEstate(model, planStacks(model, ['aws']), process.env.CDK_OUTDIR ?? 'cdk.out', { validate: true });
});
