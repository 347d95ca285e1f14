import { AWS_UK_REGIONS, AZURE_UK_LOCATIONS } from '../../model/site';
import { allResources } from '../outputs';
import type { Problem, Rule } from '../types';
import { compliant, describe, nonCompliant, perOwner } from './helpers';

/** Region names of every AWS partition: any that is not London is outside the UK. */
const AWS_REGION = /\b(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d\b/g;

/** PCR-03: UK residency only: the site, where its backups go, and every rendered location. */
export const PCR_03: Rule = {
  id: 'PCR-03',
  model: ({ model }) =>
    model.sites.map((site) => {
      const problems: Problem[] = [];
      if (site.aws && !AWS_UK_REGIONS.includes(site.aws.region)) problems.push({ problem: `AWS region ${site.aws.region} is outside the UK`, fix: 'use eu-west-2' });
      if (site.azure && !AZURE_UK_LOCATIONS.includes(site.azure.location)) problems.push({ problem: `Azure location ${site.azure.location} is outside the UK`, fix: 'use uksouth or ukwest' });
      if (site.country !== 'GB') problems.push({ problem: `site country is ${site.country}`, fix: 'only UK data centres can be sites' });
      const backup = site.vsphere?.backupTarget;
      if (backup && backup.country !== 'GB') problems.push({ problem: `backups go to ${backup.name} in ${backup.country}`, fix: 'keep backups in a UK facility' });
      const where = site.aws?.region ?? site.azure?.location ?? site.country;
      return problems.length ? nonCompliant(site.id, problems) : compliant(site.id, [], `${site.platform} in ${where}`);
    }),
  outputs: ({ view, outputs }) =>
    perOwner(
      view,
      allResources(outputs).flatMap((resource) => {
        const found = new Set<string>();
        if (resource.ref.platform === 'azure' && typeof resource.properties.location === 'string') {
          if (!AZURE_UK_LOCATIONS.includes(resource.properties.location)) found.add(resource.properties.location);
        }
        if (resource.ref.platform === 'aws') {
          for (const region of JSON.stringify(resource.properties).match(AWS_REGION) ?? []) if (!AWS_UK_REGIONS.includes(region)) found.add(region);
        }
        if (found.size === 0) return resource.ref.platform === 'azure' && resource.properties.location ? [{ resource }] : [];
        return [{ resource, problem: { problem: `${describe(resource)} names ${[...found].join(', ')}, outside the UK`, fix: 'keep every resource in UK regions (a renderer bug: report it)' } }];
      }),
    ),
};
