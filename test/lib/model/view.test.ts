import { Classification, TenantEnclave } from '../../../index';
import { EstateView } from '../../../lib/model/view';
import { smallEstate } from '../../fixtures/estate';

describe('EstateView site figures', () => {
  test("a site's audit retention is the longest of its enclaves', never below 365 days", () => {
    // GIVEN two enclaves on the AWS site, one keeping audit logs for seven years
    const { cloud, networks } = smallEstate();
    new TenantEnclave(networks.aws, 'kent', { tenant: 'kent' });
    new TenantEnclave(networks.aws, 'essex', { tenant: 'essex', auditRetentionDays: 2557 });
    new TenantEnclave(networks.azure, 'met', { tenant: 'met' });
    const model = cloud.toModel();
    const view = new EstateView(model);
    // THEN
    expect(view.auditRetentionDaysOn(view.site('aws-london'))).toBe(2557);
    expect(view.auditRetentionDaysOn(view.site('azure-uksouth'))).toBe(365);
    // a site with no enclaves still keeps the default
    expect(view.auditRetentionDaysOn(view.site('supplier-dc'))).toBe(365);
  });

  test("a site's logs carry the highest ceiling of its networks", () => {
    const { cloud } = smallEstate();
    const view = new EstateView(cloud.toModel());
    expect(view.classificationOn(view.site('force-dc'))).toBe(Classification.SECRET);
    expect(view.classificationOn(view.site('aws-london'))).toBe(Classification.OFFICIAL_SENSITIVE);
  });
});
