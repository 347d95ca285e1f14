// The app `cdktf.json` runs: `cdktf synth` renders the Azure and vSphere stacks of the definition
// named by PCLOUD_DEFINITION (default: the national example) into the folder cdktf chooses.
import { planStacks } from '../lib/plan/stacks';
import { synthTerraformEstate } from '../constructs/synth';
import { defaultDefinition, loadDefinition } from './definition';
import { exitOnDefinitionError } from './app-errors';

exitOnDefinitionError(() => {
  const { model } = loadDefinition(process.env.PCLOUD_DEFINITION ?? defaultDefinition());
  synthTerraformEstate(model, planStacks(model, ['azure', 'vsphere']), process.env.CDKTF_OUTDIR ?? 'cdktf.out');
});
