import { fail, show } from '../errors';
import { requireString } from './checks';
import type { MonitoringModel } from './types';

export interface MonitoringProps {
  /**
   * The security operations centre that receives the estate's events.
   * @default 'National Management Centre (NMC)'
   */
  readonly soc?: string;
  /**
   * Switch on the clouds' threat detection: GuardDuty and Security Hub on AWS, Defender for Cloud
   * on Azure. Turning it off breaks rule PCR-24 unless a SIEM export is given.
   * @default true
   */
  readonly nativeThreatDetection?: boolean;
  /**
   * Where security events are exported for the SOC's SIEM.
   * @default - none: the SOC reads the clouds' own detectors
   */
  readonly siemExport?: { readonly kind: 'syslog' | 'splunk-hec' | 'sentinel'; readonly endpoint: string };
}

export const DEFAULT_SOC = 'National Management Centre (NMC)';

export function resolveMonitoring(props: MonitoringProps | undefined, path: string): MonitoringModel {
  const p = props ?? {};
  if (typeof p !== 'object' || p === null || (p.nativeThreatDetection !== undefined && typeof p.nativeThreatDetection !== 'boolean')) {
    fail({
      code: 'MONITORING_INVALID',
      path,
      problem: 'monitoring is not a protective-monitoring description',
      given: show(props),
      expected: '{ soc?: string, nativeThreatDetection?: boolean, siemExport?: { kind, endpoint } }',
      fix: 'omit monitoring for the default: the NMC, with the clouds\' threat detection on',
    });
  }
  const siem = p.siemExport;
  if (siem !== undefined && (typeof siem !== 'object' || siem === null || !['syslog', 'splunk-hec', 'sentinel'].includes(siem.kind))) {
    fail({
      code: 'MONITORING_INVALID',
      path,
      problem: 'siemExport is not a SIEM export',
      given: show(siem),
      expected: '{ kind: "syslog" | "splunk-hec" | "sentinel", endpoint: string }',
      fix: 'name the kind of SIEM and its endpoint',
    });
  }
  return {
    soc: p.soc === undefined ? DEFAULT_SOC : requireString(p.soc, path, 'monitoring.soc', 'the SOC name'),
    nativeThreatDetection: p.nativeThreatDetection ?? true,
    ...(siem ? { siemExport: { kind: siem.kind, endpoint: requireString(siem.endpoint, path, 'monitoring.siemExport.endpoint', 'the SIEM endpoint') } } : {}),
  };
}
