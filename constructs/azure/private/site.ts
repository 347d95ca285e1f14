import { PcloudError, fail, show } from '../../../lib/errors';
import { MAX_ID_LENGTH } from '../../../lib/model/checks';
import { resolveAzureSite, type AzureSiteProps } from '../../../lib/model/site';
import type { SiteModel } from '../../../lib/model/types';
import { azureNames } from '../../../lib/naming/azure';

/** Checks an estate name: it prefixes resource names, so it must be short lowercase kebab-case. */
export function checkEstate(estate: unknown, path: string): string {
  if (typeof estate !== 'string' || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(estate) || estate.length > MAX_ID_LENGTH) {
    fail({
      code: 'ESTATE_NAME_INVALID',
      path,
      problem: `estate name is not a lowercase kebab-case name of at most ${MAX_ID_LENGTH} characters`,
      given: show(estate),
      expected: 'letters a–z, digits and single hyphens, starting with a letter, e.g. "kent"',
      fix: 'set estate to a short name for the estate, or omit it for "pcloud"',
    });
  }
  return estate;
}

/**
 * The site model of an Azure construct's `site` prop. Its id is `azure-<location>` on every path,
 * so that names derived from it agree between stacks.
 */
export function resolveSite(site: AzureSiteProps | undefined, path: string, what = 'Azure network'): SiteModel {
  if (typeof site !== 'object' || site === null) {
    fail({
      code: 'SITE_MISSING',
      path,
      problem: `${what} has no site`,
      given: show(site),
      expected: "site: { subscriptionId: '<GUID>', location: 'uksouth' | 'ukwest' }",
      fix: `give the subscription and UK location the ${what.replace(/^Azure /, '')} is placed in`,
    });
  }
  const location = typeof site.location === 'string' ? site.location.toLowerCase().replace(/\s+/g, '') : 'uksouth';
  try {
    return resolveAzureSite(`azure-${location}`, site);
  } catch (e) {
    // The site has no construct of its own here: point at the construct's `site` prop instead.
    if (PcloudError.isPcloudError(e)) {
      throw new PcloudError({ code: e.code, path: `${path}/site`, problem: e.problem, given: e.given, expected: e.expected, fix: e.fix });
    }
    throw e;
  }
}

/**
 * What other stacks need to know about a site baseline, as plain strings derived from the estate,
 * subscription and location. The baseline names its resources with these too, so an enclave in
 * another Terraform stack refers to the log archive without a cross-stack reference.
 */
export interface AzureSiteNames {
  readonly estate: string;
  readonly subscriptionId: string;
  readonly location: string;
  readonly resourceGroup: string;
  readonly workspace: string;
  readonly logArchive: string;
  /** ARM id of the log archive storage account. */
  readonly logArchiveId: string;
}

export function siteNames(estate: string, site: SiteModel): AzureSiteNames {
  const { subscriptionId, location } = site.azure!;
  const resourceGroup = azureNames.siteResourceGroup(estate, location);
  const logArchive = azureNames.logArchive(subscriptionId, estate, location);
  return {
    estate,
    subscriptionId,
    location,
    resourceGroup,
    workspace: azureNames.siteLogAnalytics(estate, location),
    logArchive,
    logArchiveId: azureNames.storageAccountId(subscriptionId, resourceGroup, logArchive),
  };
}

