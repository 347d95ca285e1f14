import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import type { ResourceGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/resource-group-policy-assignment';
import { SecurityCenterAutomation } from '@cdktf/provider-azurerm/lib/security-center-automation';
import { SecurityCenterSubscriptionPricing } from '@cdktf/provider-azurerm/lib/security-center-subscription-pricing';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { Construct } from 'constructs';
import { Classification } from '../../lib/classification';
import { requireDays } from '../../lib/model/checks';
import { resolveMonitoring, type MonitoringProps } from '../../lib/model/monitoring';
import { DEFAULT_LOG_RETENTION_DAYS } from '../../lib/model/network';
import type { AzureSiteProps } from '../../lib/model/site';
import type { MonitoringModel, SiteModel } from '../../lib/model/types';
import { azureNames } from '../../lib/naming/azure';
import { dependOn, tagAll } from '../terraform';
import { allowedLocations } from './private/guardrails';
import { ACTIVITY_LOG_CATEGORIES, DEFENDER_PLANS, workspaceRetentionDays } from './private/mapping';
import { protect } from './private/protect';
import { siteTags } from '../../lib/tags';
import { checkEstate, resolveSite, siteNames, type AzureSiteNames } from './private/site';
import { hardenedStorageAccount } from './private/storage';

const AZURE_SITE_BASELINE = Symbol.for('pcloud.azure.SiteBaseline');

export interface SiteBaselineProps {
  /** Name of the estate; it prefixes resource names and must match the estate of the site's networks. */
  readonly estate: string;
  /** The Azure subscription and UK location of the site. */
  readonly site: AzureSiteProps;
  /**
   * Protective monitoring (rule PCR-24): Defender for Cloud, and a continuous export of its alerts
   * and recommendations to the site workspace when a SIEM export is given.
   * @default - the National Management Centre, with Defender for Cloud on and no SIEM export
   */
  readonly monitoring?: MonitoringProps;
  /**
   * How long the site's audit trail is kept (rule PCR-21): the log archive's immutability period,
   * and the workspace's retention within the 30–730 days a workspace accepts.
   * @default 365
   */
  readonly auditRetentionDays?: number;
  /**
   * Classification tagged on the site's resources; they hold the logs of every enclave of the site.
   * @default Classification.OFFICIAL_SENSITIVE (the highest an Azure site may hold)
   */
  readonly classification?: Classification;
  /**
   * This baseline holds the subscription's Defender for Cloud plans and continuous export. Both are
   * one per subscription: set false on a second site of the same subscription, whose plans another
   * baseline already holds (two Terraform states must not manage the same plan). The activity log
   * goes to every site's archive either way.
   * @default true
   */
  readonly subscriptionWide?: boolean;
}

/**
 * What exists once per subscription and location of an estate (the site's stack): a resource group
 * for the site's logging, a Log Analytics workspace, an immutable log archive outside every
 * tenant's enclave (rule PCR-22), the subscription activity log sent to both (rule PCR-20), and
 * Defender for Cloud at Standard (rule PCR-24).
 *
 * Usable in any cdktf `TerraformStack` whose azurerm provider has `storage_use_azuread = true` (the
 * archive has no shared keys). Enclaves in other stacks send their audit logs to the archive by
 * its id, built from names ({@link SiteBaseline.names}); deploy this stack first.
 */
export class SiteBaseline extends Construct {
  /** True for any azure SiteBaseline, even one from another copy of the package. */
  static isSiteBaseline(x: unknown): x is SiteBaseline {
    return typeof x === 'object' && x !== null && AZURE_SITE_BASELINE in x;
  }

  readonly site: SiteModel;
  readonly monitoring: MonitoringModel;
  /** Names of the baseline's resources as plain strings, for networks and enclaves in other stacks. */
  readonly names: AzureSiteNames;
  readonly auditRetentionDays: number;
  readonly resourceGroup: ResourceGroup;
  /** Keeps the resource group's resources in the UK. */
  readonly allowedLocations: ResourceGroupPolicyAssignment;
  /** The site's audit workspace: the activity log, and Defender's export when there is one. */
  readonly auditWorkspace: LogAnalyticsWorkspace;
  /** Storage account with a time-based immutability policy of the retention: write once, read many. */
  readonly logArchive: StorageAccount;
  /** The subscription activity log, every category, to the workspace and the archive. */
  readonly activityLog: MonitorDiagnosticSetting;
  /** Defender for Cloud plans at Standard; empty when native threat detection is off or `subscriptionWide` is false. */
  readonly defenderPlans: readonly SecurityCenterSubscriptionPricing[];
  /** Continuous export of Defender alerts and recommendations to the workspace, when a SIEM export is given. */
  readonly securityExport?: SecurityCenterAutomation;

  constructor(scope: Construct, id: string, props: SiteBaselineProps) {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    const estate = checkEstate(props?.estate, path);
    const site = resolveSite(props.site, path, 'Azure site baseline');
    const monitoring = resolveMonitoring(props.monitoring, path);
    const auditRetentionDays = requireDays(props.auditRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, path, 'auditRetentionDays');
    const classification = props.classification === undefined ? Classification.OFFICIAL_SENSITIVE : Classification.from(props.classification, path, 'classification');
    super(scope, id);
    Object.defineProperty(this, AZURE_SITE_BASELINE, { value: true });
    this.site = site;
    this.monitoring = monitoring;
    this.auditRetentionDays = auditRetentionDays;
    const names = siteNames(estate, site);
    this.names = names;
    const location = names.location;
    const subscription = azureNames.subscriptionScope(names.subscriptionId);

    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', { name: names.resourceGroup, location });
    const resourceGroupName = this.resourceGroup.name;
    this.allowedLocations = allowedLocations(this, 'AllowedLocations', this.resourceGroup);

    this.auditWorkspace = new LogAnalyticsWorkspace(this, 'AuditLog', {
      name: names.workspace,
      location,
      resourceGroupName,
      sku: 'PerGB2018',
      retentionInDays: workspaceRetentionDays(auditRetentionDays),
      localAuthenticationEnabled: false,
    });
    protect(this, 'AuditLogLock', this.auditWorkspace, this.auditWorkspace.id, names.workspace);

    this.logArchive = new StorageAccount(this, 'LogArchive', {
      ...hardenedStorageAccount(names.logArchive, location, resourceGroupName),
      blobProperties: {
        // Version-level immutability works on versions.
        versioningEnabled: true,
        deleteRetentionPolicy: { days: 365 },
        containerDeleteRetentionPolicy: { days: 365 },
      },
      // Every blob is write-once for the retention. Azure creates a policy Unlocked only; locking it
      // is irreversible (the period can then only grow) and is the accreditor's call, made once in
      // the portal or CLI. Azure Monitor appends to its hourly blobs, hence protected append writes.
      immutabilityPolicy: { state: 'Unlocked', periodSinceCreationInDays: auditRetentionDays, allowProtectedAppendWrites: true },
    });
    protect(this, 'LogArchiveLock', this.logArchive, this.logArchive.id, names.logArchive);

    this.activityLog = new MonitorDiagnosticSetting(this, 'ActivityLog', {
      name: azureNames.activityLogSetting(estate, location),
      targetResourceId: subscription,
      logAnalyticsWorkspaceId: this.auditWorkspace.id,
      storageAccountId: this.logArchive.id,
      enabledLog: ACTIVITY_LOG_CATEGORIES.map((category) => ({ category })),
    });

    const subscriptionWide = props.subscriptionWide ?? true;
    const plans: SecurityCenterSubscriptionPricing[] = [];
    if (subscriptionWide && monitoring.nativeThreatDetection) {
      for (const plan of DEFENDER_PLANS) {
        const pricing = new SecurityCenterSubscriptionPricing(this, `Defender${plan.resourceType}`, {
          resourceType: plan.resourceType,
          tier: 'Standard',
          ...(plan.subplan ? { subplan: plan.subplan } : {}),
        });
        // Azure refuses concurrent changes to a subscription's plans (409 "Another update operation
        // is in progress"; azurerm serialises them itself only from 4.7x): one after the other.
        const previous = plans[plans.length - 1];
        if (previous) dependOn(pricing, previous);
        plans.push(pricing);
      }
    }
    this.defenderPlans = plans;

    if (subscriptionWide && monitoring.siemExport) {
      // The SOC's SIEM collects from the workspace (Sentinel on it, or the SIEM's Azure connector):
      // Azure cannot push to a syslog or HEC endpoint itself, so the export ends at the workspace.
      this.securityExport = new SecurityCenterAutomation(this, 'SecurityExport', {
        name: azureNames.securityExport(),
        location,
        resourceGroupName,
        description: `pcloud: Defender for Cloud alerts and recommendations for ${monitoring.soc} (${monitoring.siemExport.kind} ${monitoring.siemExport.endpoint})`,
        scopes: [subscription],
        source: [{ eventSource: 'Alerts' }, { eventSource: 'Assessments' }],
        action: [{ type: 'Workspace', resourceId: this.auditWorkspace.id }],
      });
    }

    tagAll(this, siteTags(estate, classification.marking));
  }

  get estate(): string {
    return this.names.estate;
  }
}
