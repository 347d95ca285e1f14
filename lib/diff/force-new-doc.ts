import { forceNewTableMarkdown } from './force-new';

/** docs/terraform-force-new.md: the table `pcloud diff` uses to tell Terraform updates from replacements. */
export function forceNewDocument(): string {
  return `# Terraform attributes that force replacement

\`pcloud diff\` compares the Terraform JSON of two syntheses. For every resource type pcloud renders
on Azure and vSphere, this table (generated from \`lib/diff/force-new.ts\` by \`npm run docs\`) says
which attributes force Terraform to destroy and re-create the resource, which it updates in place,
and which replace it only under a condition. A change to an attribute in no column is reported as
"may replace", never as an update. With \`--plan STACK=FILE\` (the output of \`terraform show -json\`),
the plan's actions are used instead.

${forceNewTableMarkdown()}
`;
}
