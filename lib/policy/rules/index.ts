import type { Rule } from '../types';
import { PCR_01 } from './pcr-01-classification';
import { PCR_02 } from './pcr-02-secret-placement';
import { PCR_03 } from './pcr-03-uk-residency';
import { PCR_04 } from './pcr-04-pasf';
import { PCR_05 } from './pcr-05-encryption-at-rest';
import { PCR_06 } from './pcr-06-customer-managed-keys';
import { PCR_07 } from './pcr-07-key-protection';
import { PCR_08 } from './pcr-08-tls';
import { PCR_09 } from './pcr-09-migration-encryption';
import { PCR_10 } from './pcr-10-interconnect-encryption';
import { PCR_11 } from './pcr-11-enclave-isolation';
import { PCR_12 } from './pcr-12-cross-enclave';
import { PCR_13 } from './pcr-13-default-deny';
import { PCR_14 } from './pcr-14-no-public-ip';
import { PCR_15 } from './pcr-15-public-stores';
import { PCR_16 } from './pcr-16-waf';
import { PCR_17 } from './pcr-17-management-path';
import { PCR_18 } from './pcr-18-mfa';
import { PCR_19 } from './pcr-19-least-privilege';
import { PCR_20 } from './pcr-20-audit-trail';
import { PCR_21 } from './pcr-21-log-retention';
import { PCR_22 } from './pcr-22-immutable-logs';
import { PCR_23 } from './pcr-23-flow-logs';
import { PCR_24 } from './pcr-24-protective-monitoring';
import { PCR_25 } from './pcr-25-s62-audit-sink';
import { PCR_26 } from './pcr-26-isa-current';
import { PCR_27 } from './pcr-27-exchange-transport';
import { PCR_28 } from './pcr-28-backups';
import { PCR_29 } from './pcr-29-port-group-hardening';
import { PCR_30 } from './pcr-30-boot-integrity';
import { PCR_31 } from './pcr-31-coco-ithc';
import { PCR_32 } from './pcr-32-vetting';

/** Every rule of the catalogue, in catalogue order. */
export const RULES: readonly Rule[] = [
  PCR_01,
  PCR_02,
  PCR_03,
  PCR_04,
  PCR_05,
  PCR_06,
  PCR_07,
  PCR_08,
  PCR_09,
  PCR_10,
  PCR_11,
  PCR_12,
  PCR_13,
  PCR_14,
  PCR_15,
  PCR_16,
  PCR_17,
  PCR_18,
  PCR_19,
  PCR_20,
  PCR_21,
  PCR_22,
  PCR_23,
  PCR_24,
  PCR_25,
  PCR_26,
  PCR_27,
  PCR_28,
  PCR_29,
  PCR_30,
  PCR_31,
  PCR_32,
];
