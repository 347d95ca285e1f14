import { Tenants } from '../../../lib/tenant';
import { AZURE_PRIVATE_DNS_ZONES, azureNames } from '../../../lib/naming/azure';

const SUB = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
const ID32 = 'a-very-long-construct-identifier'; // 32 characters, the longest id checkId allows
const ESTATE32 = 'national-police-estate-long-name';
const LONGEST_CODE = Tenants.all()
  .map((t) => t.code)
  .reduce((a, b) => (b.length > a.length ? b : a));
const ENCLAVE_PATH = `${ID32}/${ID32}`;
const WORKLOAD_PATH = `${ENCLAVE_PATH}/${ID32}`;

const KEY_VAULT = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const STORAGE_ACCOUNT = /^[a-z0-9]{3,24}$/;
const POSTGRES = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;
// Resource groups: letters, digits, underscores, hyphens, periods and parentheses, not ending in a period.
const RESOURCE_GROUP = /^[-\w.()]{1,89}[-\w()]$/;
// VNets, subnets, NSGs, NICs, ASGs, private endpoints: start alphanumeric, end alphanumeric or underscore.
const NETWORK_NAME = /^[a-zA-Z0-9][-\w.]*[a-zA-Z0-9_]$/;
const LOG_ANALYTICS = /^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$/;

describe('azureNames', () => {
  test('the longest tenant code in the catalogue is 8 characters (what these limits assume)', () => {
    expect(LONGEST_CODE.length).toBe(8);
  });

  test('global names stay within Azure limits for the longest tenant code and 32-character ids', () => {
    // WHEN
    const vault = azureNames.keyVault(SUB, ESTATE32, ENCLAVE_PATH, LONGEST_CODE);
    const storage = azureNames.storageAccount(SUB, ESTATE32, WORKLOAD_PATH, `${LONGEST_CODE}${ID32}`);
    const postgres = azureNames.postgresServer(SUB, ESTATE32, WORKLOAD_PATH, LONGEST_CODE, ID32);
    // THEN
    expect(vault).toMatch(KEY_VAULT);
    expect(vault.length).toBeLessThanOrEqual(24);
    expect(storage).toMatch(STORAGE_ACCOUNT);
    expect(postgres).toMatch(POSTGRES);
    expect(postgres.length).toBeLessThanOrEqual(63);
  });

  test('global names stay legal for the shortest inputs', () => {
    expect(azureNames.keyVault(SUB, 'e', 'n/x', 'ab')).toMatch(KEY_VAULT);
    expect(azureNames.storageAccount(SUB, 'e', 'n', 'x')).toMatch(STORAGE_ACCOUNT);
    expect(azureNames.postgresServer(SUB, 'e', 'n/x/d', 'ab', 'd')).toMatch(POSTGRES);
  });

  test('a workload id with a hyphen where it is cut leaves no trailing or double hyphen in the PostgreSQL name', () => {
    // GIVEN an id whose cut point (63 - 13 - 8 = 42 characters) would fall on a hyphen if it were long enough
    const id = 'abcdefghijklmnopqrstuvwxyzabcdefghijklmno-p';
    // WHEN
    const name = azureNames.postgresServer(SUB, 'e', `n/x/${id}`, LONGEST_CODE, id);
    // THEN
    expect(name).toMatch(POSTGRES);
    expect(name.length).toBeLessThanOrEqual(63);
  });

  test('regional names stay within their limits and character rules for 32-character ids', () => {
    const limits: [string, string, number, RegExp][] = [
      ['resource group (network)', azureNames.resourceGroup(ESTATE32, ID32), 90, RESOURCE_GROUP],
      ['resource group (enclave)', azureNames.resourceGroup(ESTATE32, ID32, ID32), 90, RESOURCE_GROUP],
      ['virtual network', azureNames.virtualNetwork(ESTATE32, ID32), 64, NETWORK_NAME],
      ['subnet', azureNames.subnet(ID32, 'presentation'), 80, NETWORK_NAME],
      ['network security group', azureNames.networkSecurityGroup(ID32, 'management'), 80, NETWORK_NAME],
      ['flow rule', azureNames.flowRule('Outbound', ID32, ID32, 'tcp', 10000, 65535), 80, NETWORK_NAME],
      ['application security group', azureNames.applicationSecurityGroup(ID32), 80, NETWORK_NAME],
      ['network interface', azureNames.networkInterface(ID32), 80, NETWORK_NAME],
      ['private endpoint', azureNames.privateEndpoint(ID32, 'postgresqlServer'), 64, NETWORK_NAME],
      ['private service connection', azureNames.privateServiceConnection(ID32, 'postgresqlServer'), 80, NETWORK_NAME],
      ['flow log', azureNames.flowLog(ESTATE32, ID32), 80, NETWORK_NAME],
      ['private DNS zone link', azureNames.privateDnsZoneLink(ESTATE32, ID32), 80, NETWORK_NAME],
      ['log analytics (network)', azureNames.logAnalytics(ESTATE32, ID32), 63, LOG_ANALYTICS],
      ['log analytics (enclave)', azureNames.logAnalytics(ESTATE32, ID32, ID32), 63, LOG_ANALYTICS],
      ['virtual machine', azureNames.virtualMachine(LONGEST_CODE, ID32), 64, NETWORK_NAME],
      ['computer name', azureNames.computerName(ID32), 63, /^[a-z0-9][a-z0-9-]*[a-z0-9]$/],
      ['OS disk', azureNames.osDisk(LONGEST_CODE, ID32), 80, NETWORK_NAME],
      ['disk encryption set', azureNames.diskEncryptionSet(ID32), 80, /^[\w-]+$/],
      ['user-assigned identity', azureNames.userAssignedIdentity(ID32), 128, /^[a-zA-Z0-9][\w-]{2,127}$/],
      ['key vault key', azureNames.keyVaultKey(ID32), 127, /^[a-zA-Z0-9-]+$/],
      ['management lock', azureNames.managementLock(azureNames.resourceGroup(ESTATE32, ID32, ID32)), 90, /^[^<>%&:\\?/]+$/],
      ['resource group (site)', azureNames.siteResourceGroup(ESTATE32, 'uksouth'), 90, RESOURCE_GROUP],
      ['log analytics (site)', azureNames.siteLogAnalytics(ESTATE32, 'uksouth'), 63, LOG_ANALYTICS],
      ['activity log setting', azureNames.activityLogSetting(ESTATE32, 'uksouth'), 260, /^[^<>*%&:\\?/+]+$/],
      ['archive diagnostic setting', azureNames.archiveDiagnosticSetting(azureNames.logArchive(SUB, ESTATE32, 'uksouth')), 260, /^[^<>*%&:\\?/+]+$/],
      ['policy assignment', azureNames.policyAssignment('allowed-locations'), 64, /^[^<>*%&:\\?/+.]+$/],
      ['recovery services vault', azureNames.recoveryServicesVault(ID32), 50, /^[a-zA-Z][a-zA-Z0-9-]{1,49}$/],
      ['VM backup policy', azureNames.backupPolicyVm(ID32), 150, /^[a-zA-Z][-_!a-zA-Z0-9]{2,149}$/],
      ['security export', azureNames.securityExport(), 260, /^[a-zA-Z0-9]+$/],
    ];
    for (const [what, name, max, pattern] of limits) {
      expect({ what, length: name.length <= max, legal: pattern.test(name) }).toEqual({ what, length: true, legal: true });
    }
  });

  test('names are deterministic', () => {
    expect(azureNames.keyVault(SUB, 'met', 'net/met', 'met')).toBe(azureNames.keyVault(SUB, 'met', 'net/met', 'met'));
    expect(azureNames.resourceGroup(ESTATE32, ID32, ID32)).toBe(azureNames.resourceGroup(ESTATE32, ID32, ID32));
  });

  test('global names differ between subscriptions, estates and paths', () => {
    const other = '11111111-1111-1111-1111-111111111111';
    const vaults = new Set([
      azureNames.keyVault(SUB, 'met', 'net/met', 'met'),
      azureNames.keyVault(other, 'met', 'net/met', 'met'),
      azureNames.keyVault(SUB, 'national', 'net/met', 'met'),
      azureNames.keyVault(SUB, 'met', 'net2/met', 'met'),
    ]);
    const stores = new Set([
      azureNames.storageAccount(SUB, 'met', 'net/met/docs', 'metdocs'),
      azureNames.storageAccount(other, 'met', 'net/met/docs', 'metdocs'),
      azureNames.storageAccount(SUB, 'national', 'net/met/docs', 'metdocs'),
    ]);
    expect(vaults.size).toBe(4);
    expect(stores.size).toBe(3);
  });

  test('names that would be too long are cut and made unique with a hash', () => {
    // GIVEN two long enclave ids that differ only at the end
    const a = azureNames.resourceGroup(ESTATE32, ID32, `${ID32.slice(0, 31)}a`);
    const b = azureNames.resourceGroup(ESTATE32, ID32, `${ID32.slice(0, 31)}b`);
    // THEN
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(90);
  });

  test('a private DNS zone id is the ARM id of the zone in the network resource group', () => {
    expect(azureNames.privateDnsZoneId(SUB, 'rg-met-net', AZURE_PRIVATE_DNS_ZONES.postgres)).toBe(
      `/subscriptions/${SUB}/resourceGroups/rg-met-net/providers/Microsoft.Network/privateDnsZones/privatelink.postgres.database.azure.com`,
    );
  });

  test('the site log archive is a legal, global storage account name that differs per subscription, estate and location', () => {
    const names = [
      azureNames.logArchive(SUB, ESTATE32, 'uksouth'),
      azureNames.logArchive('11111111-1111-1111-1111-111111111111', ESTATE32, 'uksouth'),
      azureNames.logArchive(SUB, 'met', 'uksouth'),
      azureNames.logArchive(SUB, 'met', 'ukwest'),
    ];
    for (const name of names) expect(name).toMatch(/^stlogs[a-z0-9]{18}$/);
    expect(new Set(names).size).toBe(4);
    expect(azureNames.logArchive(SUB, 'met', 'uksouth')).toBe(azureNames.logArchive(SUB, 'met', 'uksouth'));
  });

  test('the site resource group can never be a network or enclave resource group', () => {
    // Network and enclave ids are kebab-case: no underscore, which the site group has.
    expect(azureNames.siteResourceGroup('met', 'uksouth')).toBe('rg-met-logs_uksouth');
    expect(azureNames.resourceGroup('met', 'logs-uksouth')).not.toBe(azureNames.siteResourceGroup('met', 'uksouth'));
  });

  test('a storage account id and a subscription scope are the ARM ids', () => {
    expect(azureNames.storageAccountId(SUB, 'rg-met-logs_uksouth', 'stlogsabc')).toBe(
      `/subscriptions/${SUB}/resourceGroups/rg-met-logs_uksouth/providers/Microsoft.Storage/storageAccounts/stlogsabc`,
    );
    expect(azureNames.subscriptionScope(SUB)).toBe(`/subscriptions/${SUB}`);
  });

  test('the Network Watcher defaults are the ones Azure creates automatically', () => {
    expect(azureNames.networkWatcher('uksouth')).toBe('NetworkWatcher_uksouth');
    expect(azureNames.networkWatcherResourceGroup()).toBe('NetworkWatcherRG');
  });
});
