import type { Problem, Rule } from '../types';
import { estateSubject, notApplicable, verdict } from './helpers';

/** An IT Health Check is current for a year (PSN compliance is annual). */
export const ITHC_VALID_DAYS = 365;

/**
 * PCR-31: a link to PSN for Policing or another community network needs a Code of Connection
 * that has not expired and an IT Health Check done within the last year. Links between two sites
 * of the estate are inside its own accreditation and not judged here.
 */
export const PCR_31: Rule = {
  id: 'PCR-31',
  model: ({ view, model, today }) => {
    const community = model.interconnects.filter((i) => i.community);
    if (community.length === 0) return [notApplicable(estateSubject(view), 'the estate declares no PSN or community-network link')];
    return community.map((link) => {
      const problems: Problem[] = [];
      const name = link.community!.name;
      if (!link.coco) problems.push({ problem: `the link to ${name} records no Code of Connection`, fix: `record coco: { reference, expires } from the ${name} CoCo` });
      else if (link.coco.expires < today) problems.push({ problem: `Code of Connection ${link.coco.reference} expired on ${link.coco.expires}`, fix: `renew the CoCo with ${name} and record the new expiry` });
      if (!link.ithc) problems.push({ problem: `the link to ${name} records no IT Health Check`, fix: 'record ithc: { reference, date } of the last IT Health Check' });
      else if (link.ithc.date > today) problems.push({ problem: `IT Health Check ${link.ithc.reference} is dated ${link.ithc.date}, in the future`, fix: 'record the date the health check was done' });
      else if (daysBetween(link.ithc.date, today) > ITHC_VALID_DAYS) problems.push({ problem: `IT Health Check ${link.ithc.reference} of ${link.ithc.date} is more than a year old`, fix: 'commission a new IT Health Check and record it' });
      return verdict(link.path, problems, [], link.coco && link.ithc ? `CoCo ${link.coco.reference} until ${link.coco.expires}; ITHC ${link.ithc.reference} of ${link.ithc.date}` : undefined);
    });
  },
};

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
