import { Classification } from '../../classification';
import { describeEndpoint } from '../../model/exchange';
import type { ExchangeModel } from '../../model/types';
import type { EstateView } from '../../model/view';
import { azureNames } from '../../naming/azure';
import { cfnResources, tfResources, type RenderedOutputs } from '../outputs';
import type { Problem, Rule, SubjectResult } from '../types';
import { estateSubject, notApplicable, verdict } from './helpers';

/**
 * PCR-27: exchanges are private, mutually authenticated and disclosure-logged. The path is private
 * by construction (inside a network, or through IPsec interconnects; never the internet); this
 * checks mutual TLS, the classification ceiling against both ends, and that the sending end has
 * an audit sink for its disclosures (its enclave's audit log, or, for a partner sending in, the
 * receiving enclave's, which logs the collection). On the outputs, the place the records go
 * exists: a log stream in the enclave's audit log group (AWS), a table in its audit workspace
 * (Azure), or the exchange's rules naming the audit syslog in the site's firewall manifest (vSphere).
 */
export const PCR_27: Rule = {
  id: 'PCR-27',
  model: ({ view, model }) =>
    model.exchanges.length === 0
      ? [notApplicable(estateSubject(view), 'the estate declares no secure exchanges')]
      : model.exchanges.map((x) => {
          const problems: Problem[] = [];
          if (!x.mutualTls) problems.push({ problem: 'the ends do not authenticate each other (mutualTls is off)', fix: 'turn mutual TLS back on: both gateways present certificates' });
          const ceiling = Classification.parse(x.ceiling);
          for (const end of [x.from, x.to]) {
            if (end.kind !== 'workload') continue;
            const w = view.workload(end.workload);
            const held = Classification.parse(end === x.from ? w.classification : view.enclave(w.enclave).classification);
            if (end === x.from && held.isAbove(ceiling)) problems.push({ problem: `sender ${w.path} holds ${held} data, above the ceiling ${ceiling}`, fix: 'send only data within the ISA\'s ceiling' });
            if (end === x.to && ceiling.isAbove(held)) problems.push({ problem: `the receiving enclave ${w.enclave} is ${held}, below the ceiling ${ceiling}`, fix: 'lower the ceiling or receive in an enclave accredited for it' });
          }
          const logged = view.exchangeRecords(x);
          const path = x.via.length ? `through ${x.via.join(', ')} (IPsec)` : 'inside the network';
          return verdict(
            x.path,
            problems,
            [],
            `${describeEndpoint(x.from)} -> ${describeEndpoint(x.to)} ${path}, mutual TLS, up to ${x.ceiling}; ${logged.records} logged to the audit sink of ${logged.enclave}`,
          );
        }),
  outputs: ({ view, model, outputs }) => model.exchanges.flatMap((x) => recordsRendered(view, x, outputs)),
};

/** Whether the outputs hold the place an exchange's records go; nothing when that enclave was not rendered. */
function recordsRendered(view: EstateView, x: ExchangeModel, outputs: RenderedOutputs): SubjectResult[] {
  const { enclave, records } = view.exchangeRecords(x);
  const site = view.siteOfEnclave(view.enclave(enclave));
  const missing = (where: string): SubjectResult[] => [
    verdict(x.path, [{ problem: `no ${records} log of exchange ${x.id} is rendered in ${where}`, fix: 'render the exchange with pcloud, which gives its logging end a place for its records' }]),
  ];
  if (site.platform === 'vsphere') {
    const manifest = outputs.firewall.find((m) => m.site === site.id);
    if (!manifest) return [];
    const rules = manifest.rules.filter((r) => r.exchange?.path === x.path);
    const logged = rules.filter((r) => r.exchange?.records?.enclave === enclave && r.exchange.records.kind === records);
    if (!rules.length || logged.length !== rules.length) return missing(`the firewall manifest of site ${site.id} for ${enclave}`);
    const control = manifest.operatorControls.some((c) => c.rule === 'PCR-27' && c.control === 'Records of secure exchanges' && c.requirement.includes(x.path));
    return [verdict(x.path, control ? [] : [{ problem: `the firewall manifest of site ${site.id} does not tell the operators to log the records of ${x.path}`, fix: 'render the manifest with pcloud' }])];
  }
  const stack = outputs.stacks.find((s) => s.plan.enclave === enclave);
  if (!stack) return [];
  if (site.platform === 'aws') {
    const stream = cfnResources<{ LogStreamName?: string }>(stack, 'AWS::Logs::LogStream').find((r) => r.properties.LogStreamName === `${records}/${x.id}`);
    return stream ? [verdict(x.path, [], [stream.ref])] : missing(`the audit log group of ${enclave}`);
  }
  const table = tfResources<{ name?: string }>(stack, 'azurerm_log_analytics_workspace_table_custom_log').find((r) => r.properties.name === azureNames.exchangeRecordsTable(x.id, records));
  return table ? [verdict(x.path, [], [table.ref])] : missing(`the audit workspace of ${enclave}`);
}
