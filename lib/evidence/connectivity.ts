import type { EstateModel, ExchangeEndpointModel, PortRangeModel } from '../model/types';
import { EstateView } from '../model/view';
import { ITHC_VALID_DAYS } from '../policy/rules/pcr-31-coco-ithc';
import type { Evaluation } from '../policy/types';
import { addDays, daysBetween, expiryOf } from './private/dates';
import type { ExchangeEndEvidence, ExchangeEvidence, InterconnectEvidence, SharedServiceEvidence, SubjectRuleStatus } from './types';

/**
 * What crosses an enclave boundary, and over what: the shared services (with the way each
 * consumer reaches them), the secure exchanges (with their ISA and its review date) and the
 * interconnects (with their Code of Connection, IT Health Check and IPsec profile), each with the
 * rules evaluated on it.
 */
export function connectivityEvidence(
  model: EstateModel,
  evaluation: Evaluation,
): { sharedServices: SharedServiceEvidence[]; exchanges: ExchangeEvidence[]; interconnects: InterconnectEvidence[] } {
  const view = new EstateView(model);
  const today = evaluation.evaluatedOn;
  const rulesOn = (subject: string): SubjectRuleStatus[] =>
    evaluation.outcomes.filter((o) => o.subject === subject).map((o) => ({ rule: o.rule, status: o.status }));

  const sharedServices: SharedServiceEvidence[] = model.sharedServices.map((service) => {
    const provider = view.enclave(service.enclave);
    const site = view.siteOfEnclave(provider);
    const network = view.networkOf(provider);
    return {
      path: service.path,
      ...(service.description !== undefined ? { description: service.description } : {}),
      enclave: provider.path,
      site: site.id,
      platform: site.platform,
      classification: provider.classification,
      providers: service.providers,
      ports: service.ports.map(portText),
      consumers: service.consumers.map((path) => {
        const consumer = view.enclave(path);
        const consumerSite = view.siteOfEnclave(consumer);
        if (consumerSite.id === site.id) {
          const same = consumer.network === network.path;
          return {
            enclave: path,
            site: consumerSite.id,
            platform: consumerSite.platform,
            via: null,
            reach: same ? `privately on site ${site.id}, inside network ${network.path}` : `privately on site ${site.id}, from network ${consumer.network}`,
          };
        }
        const link = view.interconnectBetween(consumerSite.id, site.id)!;
        return {
          enclave: path,
          site: consumerSite.id,
          platform: consumerSite.platform,
          via: link.path,
          reach: `from site ${consumerSite.id} through interconnect ${link.path} (IPsec), never the internet`,
        };
      }),
      rules: rulesOn(service.path),
    };
  });

  const end = (e: ExchangeEndpointModel): ExchangeEndEvidence => {
    if (e.kind === 'partner') {
      return { kind: 'partner', name: e.name, prefixes: e.prefixes, interconnect: e.interconnect, network: view.interconnect(e.interconnect).community?.name ?? e.interconnect };
    }
    const workload = view.workload(e.workload);
    const site = view.siteOfWorkload(e.workload);
    return { kind: 'workload', workload: workload.path, enclave: workload.enclave, site: site.id, platform: site.platform, prefixes: view.endpointPrefixes(e) };
  };

  const exchanges: ExchangeEvidence[] = model.exchanges.map((x) => ({
    path: x.path,
    isa: {
      reference: x.isa.reference,
      parties: x.isa.parties,
      purpose: x.isa.purpose,
      legalGateway: x.isa.legalGateway,
      review: expiryOf(x.isa.reviewDate, today),
    },
    from: end(x.from),
    to: end(x.to),
    ports: x.ports.map(portText),
    ceiling: x.ceiling,
    via: x.via,
    mutualTls: x.mutualTls,
    // As PCR-27 reads it: the sender logs its disclosures; a partner sending in is logged as a collection by the receiver.
    disclosuresLoggedBy: view.exchangeRecords(x).enclave,
    rules: rulesOn(x.path),
  }));

  const interconnects: InterconnectEvidence[] = model.interconnects.map((link) => ({
    path: link.path,
    ...(link.description !== undefined ? { description: link.description } : {}),
    kind: link.community ? 'community' : 'site-to-site',
    ends: link.ends.map((e) => ({ site: e.site, platform: view.site(e.site).platform, publicAddress: e.publicAddress ?? null })),
    community: link.community ?? null,
    coco: link.coco ? { reference: link.coco.reference, ...expiryOf(link.coco.expires, today) } : null,
    ithc: link.ithc
      ? { reference: link.ithc.reference, date: link.ithc.date, ageDays: daysBetween(link.ithc.date, today), ...expiryOf(addDays(link.ithc.date, ITHC_VALID_DAYS), today) }
      : null,
    ipsec: link.ipsec,
    exchanges: model.exchanges.filter((x) => x.via.includes(link.path)).map((x) => x.path),
    sharedServices: sharedServices.filter((s) => s.consumers.some((c) => c.via === link.path)).map((s) => s.path),
    rules: rulesOn(link.path),
  }));

  return { sharedServices, exchanges, interconnects };
}

/** `TCP 5671`, `UDP 8000-8010`. */
function portText(p: PortRangeModel): string {
  return `${p.protocol.toUpperCase()} ${p.fromPort === p.toPort ? p.fromPort : `${p.fromPort}-${p.toPort}`}`;
}
