import type { Finding, ResourceRef } from '../policy/types';
import {
  acceptanceOf,
  appliesText,
  findingLine,
  heldWithoutResources,
  listedOutcomes,
  refsByStack,
  refType,
  sharedType,
  verdict,
} from './private/present';
import {
  ASSURANCE_NAMES,
  EXPIRY_NAMES,
  OPERATOR_NAMES,
  PLATFORM_NAMES,
  STATUS_NAMES,
  STATUS_SYMBOLS,
  ageText,
  daysLeftText,
  ipsecText,
  plural,
} from './private/words';
import { EXPIRY_WARNING_DAYS, type DatedRecord, type EvidenceReport, type ExchangeEndEvidence, type OutcomeEvidence, type StatusCounts, type SubjectRuleStatus } from './types';

/** The file name `writeEvidence` gives the diagram, which the Markdown shows as an image. */
export const DIAGRAM_FILE = 'evidence.svg';

/**
 * The evidence pack as Markdown: the same sections as the HTML, in tables. The diagram is shown
 * as an image of `evidence.svg`, which `writeEvidence` writes beside it.
 */
export function renderMarkdown(report: EvidenceReport): string {
  const out: string[] = [];
  const s = report.summary;
  const v = verdict(report);
  out.push(`# Accreditation evidence: ${report.estate.name}`, '');
  out.push(`- **Evaluated on:** ${report.evaluatedOn} (every "days left" counts from this date)`);
  out.push(`- **Rendered outputs re-checked:** ${report.outputsChecked ? 'yes (CloudFormation templates, Terraform JSON, firewall manifests)' : 'no (the definition only)'}`);
  out.push(
    `- **Protective monitoring:** ${cell(report.monitoring.soc)}; native threat detection ${report.monitoring.nativeThreatDetection ? 'on' : 'off'}${report.monitoring.siemExport ? `; SIEM export (${report.monitoring.siemExport.kind}) to \`${report.monitoring.siemExport.endpoint}\`` : ''}`,
  );
  out.push(
    `- **Estate:** ${plural(report.sites.length, 'site')}, ${plural(report.networks.length, 'accredited network')}, ${plural(report.networks.reduce((n, x) => n + x.enclaves.length, 0), 'enclave')}, ${plural(report.workloads.length, 'workload')}, ${plural(report.flows.length, 'declared flow')}, ${plural(report.sharedServices.length, 'shared service')}, ${plural(report.exchanges.length, 'secure exchange')}, ${plural(report.interconnects.length, 'interconnect')}`,
  );
  out.push(`- **Format:** pcloud evidence pack version ${report.version}`, '');
  out.push(`> **${v.title}** ${v.text}`, '');
  out.push(
    ...table(
      ['Errors', 'Warnings', 'Accepted', 'Controls held', 'Failed', 'Not applicable'],
      [[s.errors, s.warnings, s.accepted, s.outcomes.held, s.outcomes.failed, s.outcomes.notApplicable].map(String)],
    ),
  );
  out.push(
    ...table(
      ['Dated records', 'Current', `Expiring (${EXPIRY_WARNING_DAYS} days or less)`, 'Expired'],
      (
        [
          ['Network accreditations', s.accreditations],
          ['ISA reviews of secure exchanges', s.isaReviews],
          ['Codes of Connection of interconnects', s.codesOfConnection],
          ['Risk acceptances', s.acceptances],
        ] as const
      ).map(([name, c]) => [name, String(c.current), c.expiring ? `! ${c.expiring}` : '0', c.expired ? `✖ ${c.expired}` : '0']),
    ),
  );

  out.push('## Contents', '');
  for (const [anchor, name] of [
    ['network-diagram', 'Network diagram'],
    ['sites', 'Sites'],
    ['networks-and-enclaves', 'Networks and enclaves'],
    ['who-may-administer-what', 'Who may administer what'],
    ['standing-findings', 'Standing findings'],
    ['controls-by-ncsc-cloud-security-principle', 'Controls by NCSC cloud security principle'],
    ['register-of-accepted-risks', 'Register of accepted risks'],
    ['declared-flows', 'Declared flows'],
    ['shared-services', 'Shared services'],
    ['secure-exchanges', 'Secure exchanges'],
    ['interconnects', 'Interconnects'],
    ['cdk-nag-acknowledgements', 'cdk-nag acknowledgements'],
    ['what-each-platform-cannot-do', 'What each platform cannot do'],
  ]) {
    out.push(`- [${name}](#${anchor})`);
  }
  out.push('');

  out.push('## Network diagram', '', `![Network diagram of the ${report.estate.name} estate](${DIAGRAM_FILE})`, '');
  out.push(
    'Sites hold their accredited networks, networks their tenant enclaves (coloured by classification), enclaves their workloads in one row per tier; arrows are the declared flows, labelled protocol/port.' +
      (report.interconnects.length || report.exchanges.length
        ? ' Thick piped lines are interconnects (IPsec) between sites and to community networks, drawn below the sites with the partners reached through them; magenta arrows are secure exchanges under an ISA, from the sending enclave (the dot) to the receiving one.'
        : ''),
    '',
  );

  out.push('## Sites', '');
  out.push(
    ...table(
      ['Site', 'Platform', 'Operator', 'Country', 'Assurance', 'Assessment relied on', 'Location'],
      report.sites.map((x) => [
        code(x.id),
        PLATFORM_NAMES[x.platform],
        OPERATOR_NAMES[x.operator],
        x.country,
        x.assurance ? ASSURANCE_NAMES[x.assurance.level] : '✖ none recorded',
        x.assurance ? cell(x.assurance.reference) : '—',
        cell(x.location),
      ]),
    ),
  );

  out.push('## Networks and enclaves', '');
  for (const n of report.networks) {
    const a = n.accreditation;
    out.push(`### Network \`${n.path}\` (ceiling ${n.ceiling})`, '');
    if (n.description) out.push(cell(n.description), '');
    out.push(
      ...table(
        ['Fact', 'Value'],
        [
          ['Site', `${code(n.site.id)}: ${PLATFORM_NAMES[n.site.platform]}, ${OPERATOR_NAMES[n.site.operator]}, ${n.site.country}`],
          ['Site assurance', n.site.assurance ? `${ASSURANCE_NAMES[n.site.assurance.level]}: ${cell(n.site.assurance.reference)}` : '✖ none recorded'],
          ['Address space', code(n.cidr)],
          ['Classification ceiling', n.ceiling],
          ['Accreditation', `${cell(a.authority)}, reference **${cell(a.reference)}**, issued ${a.issued}`],
          ['Expires', expiry(a)],
          ['Flow log retention', `${n.flowLogRetentionDays} days`],
          ['Rules on the network itself', counts(n.outcomes)],
        ],
      ),
    );
    if (n.enclaves.length) {
      out.push(
        ...table(
          ['Enclave', 'Tenant', 'Classification', 'Address space', 'Administrators (group: vetting, MFA)', 'Audit retention', 'Backup', 'Workloads', 'Rules on the enclave and its workloads'],
          n.enclaves.map((e) => [
            code(e.path),
            `${cell(e.tenant.name)} (${e.tenant.code}, ${e.tenant.kind.replace(/-/g, ' ')})`,
            e.classification,
            code(e.cidr),
            e.administrators.length ? e.administrators.map((g) => `${code(g.name)}: ${g.vetting}, ${g.mfa ? 'MFA required' : '**no MFA**'}`).join('<br>') : '✖ none recorded',
            `${e.auditRetentionDays} days`,
            e.backup.enabled ? `on, kept ${e.backup.retentionDays} days` : '**off**',
            String(e.workloads),
            `${counts(e.outcomes)}${e.failedRules.length ? `<br>failed: ${e.failedRules.join(', ')}` : ''}`,
          ]),
        ),
      );
    } else {
      out.push('No enclave on this network.', '');
    }
  }

  out.push('## Who may administer what', '');
  out.push('Every administrator group of every enclave, its vetting and MFA, and what it is granted on the enclave\u2019s platform. Nothing else is granted to a tenant\u2019s administrators.', '');
  out.push(
    ...table(
      ['Enclave', 'Platform', 'Group', 'Vetting', 'MFA', 'Granted'],
      report.administration.flatMap((a) =>
        a.groups.map((g) => [
          code(a.enclave),
          `${PLATFORM_NAMES[a.platform]} (${code(a.site)})`,
          code(g.name),
          g.vetting,
          g.mfa ? 'required' : '**✖ not required**',
          g.granted ? cell(g.grant) : `✖ **${cell(g.grant)}**`,
        ]),
      ),
    ),
  );

  out.push('## Standing findings', '');
  if (report.findings.length === 0) {
    out.push('✔ No finding stands: every failure is fixed or on the register of accepted risks.', '');
  } else {
    out.push(
      ...table(
        ['Rule', 'Severity', 'Where', 'What is wrong', 'How to fix it', 'Found in'],
        report.findings.map((f) => [
          f.rule,
          f.severity === 'error' ? '✖ error' : '! warning',
          code(f.path),
          `${cell(f.problem)}${f.resource ? ` (${code(`${f.resource.stack} ${f.resource.id}`)})` : ''}`,
          cell(f.fix),
          f.source,
        ]),
      ),
    );
  }

  out.push('## Controls by NCSC cloud security principle', '');
  out.push('Every rule under the NCSC principles it serves (a rule serving two appears under both), with its status per subject: held with the resources that implement the control, accepted, not applicable with the reason, or failed with the findings.', '');
  out.push(
    ...table(
      ['Principle', 'Rules', 'Held', 'Failed', 'Accepted', 'Not applicable'],
      report.principles.map((p) => [`${p.number}. ${p.name}`, p.rules.join(', ') || 'none', String(p.counts.held), String(p.counts.failed), String(p.counts.accepted), String(p.counts.notApplicable)]),
    ),
  );
  const byId = new Map(report.rules.map((r) => [r.id, r]));
  for (const p of report.principles) {
    out.push(`### Principle ${p.number}: ${p.name}`, '');
    if (p.rules.length === 0) out.push(`> ${p.note ?? 'No rule of the catalogue serves this principle.'}`, '');
    else out.push(`${plural(p.rules.length, 'rule')} · ${counts(p.counts)}`, '');
    for (const id of p.rules) {
      const rule = byId.get(id)!;
      const others = rule.principles.filter((n) => n !== p.number);
      out.push(`#### ${rule.id}: ${rule.statement}`, '');
      out.push(`Applies to ${appliesText(rule.applies)}${others.length ? ` · also serves principle${others.length > 1 ? 's' : ''} ${others.join(', ')}` : ''} · ${counts(rule.counts)}`, '');
      out.push(`AWS: ${cell(rule.targets.aws)} · Azure: ${cell(rule.targets.azure)} · vSphere: ${cell(rule.targets.vsphere)}`, '');
      if (rule.outcomes.length === 0) {
        out.push('No subject of this estate was evaluated against this rule.', '');
        continue;
      }
      out.push(
        ...table(
          ['Subject', 'Status', 'Implemented by / reason / findings'],
          listedOutcomes(rule).map((o) => [`${code(o.subject)} (${o.subjectKind})`, `${STATUS_SYMBOLS[o.status]} ${STATUS_NAMES[o.status]}`, outcomeDetail(report, o)]),
        ),
      );
    }
  }

  out.push('## Register of accepted risks', '');
  if (report.acceptedRisks.length === 0) {
    out.push('No risk acceptance is recorded in the definition.', '');
  } else {
    out.push(
      ...table(
        ['Reference', 'Rule', 'Path', 'Reason', 'Accepted by', 'Expires', 'Findings it covers'],
        report.acceptedRisks.map((r) => [
          cell(r.reference),
          r.rule,
          code(r.path),
          cell(r.reason),
          cell(r.acceptedBy),
          expiry(r),
          r.covers.length
            ? `${r.covers.map((f) => `${code(f.path)}: ${cell(f.problem)} (${f.severity})`).join('<br>')}${r.expiry === 'expired' ? '<br>**Expired: these findings stand again.**' : ''}`
            : 'matches no finding (a warning)',
        ]),
      ),
    );
  }

  out.push('## Declared flows', '');
  if (report.flows.length === 0) {
    out.push('No flow is declared: no workload may reach another.', '');
  } else {
    out.push(
      ...table(
        ['From', 'To', 'Protocol', 'Ports', 'Enclave', 'Classification (from)', 'Classification (to)'],
        report.flows.map((f) => [
          code(f.from),
          code(f.to),
          f.protocol.toUpperCase(),
          f.ports,
          `${code(f.enclave)}${f.crossEnclave ? ` (crosses from ${code(f.fromEnclave)})` : ''}`,
          f.fromClassification,
          f.toClassification,
        ]),
      ),
    );
  }

  out.push('## Shared services', '');
  if (report.sharedServices.length === 0) {
    out.push('No shared service is declared.', '');
  } else {
    out.push('Each service is reachable by its declared consumers only, on its ports only; the service reaches no consumer, and no consumer reaches another through it.', '');
    out.push(
      ...table(
        ['Service', 'Provider enclave', 'Providers', 'Ports', 'Consumers, and how each reaches the service', 'Rules'],
        report.sharedServices.map((x) => [
          `${code(x.path)}${x.description ? `: ${cell(x.description)}` : ''}`,
          `${code(x.enclave)} on ${code(x.site)} (${x.classification})`,
          x.providers.map(code).join('<br>'),
          x.ports.join(', '),
          x.consumers.map((c) => `${code(c.enclave)}: ${cell(c.reach)}`).join('<br>'),
          ruleStatuses(x.rules),
        ]),
      ),
    );
  }

  out.push('## Secure exchanges', '');
  if (report.exchanges.length === 0) {
    out.push('No secure exchange is declared: no data crosses an enclave boundary except to the shared services above.', '');
  } else {
    out.push('Each exchange under its Information Sharing Agreement. An exchange past its ISA\u2019s review date is an error (PCR-26); the path is private and mutually authenticated, and disclosures are logged (PCR-27).', '');
    for (const x of report.exchanges) {
      out.push(`### Exchange \`${x.path}\` under ${cell(x.isa.reference)}`, '');
      out.push(
        ...table(
          ['Fact', 'Value'],
          [
            ['ISA reference', `**${cell(x.isa.reference)}**`],
            ['Parties', x.isa.parties.map(cell).join('; ')],
            ['Purpose', cell(x.isa.purpose)],
            ['Legal gateway', cell(x.isa.legalGateway)],
            ['Review date', expiry(x.isa.review)],
            ['From (sends)', end(x.from)],
            ['To', end(x.to)],
            ['Ports', x.ports.join(', ')],
            ['Classification ceiling', x.ceiling],
            ['Interconnects crossed', x.via.length ? x.via.map(code).join(', ') : 'none: both ends are on one site'],
            ['Mutual TLS', x.mutualTls ? 'yes: both ends present certificates' : '**✖ no**'],
            [`${x.from.kind === 'partner' ? 'Collection' : 'Disclosures'} logged to`, `the audit sink of ${code(x.disclosuresLoggedBy)}`],
            ['Rules', ruleStatuses(x.rules)],
          ],
        ),
      );
    }
  }

  out.push('## Interconnects', '');
  if (report.interconnects.length === 0) {
    out.push('No interconnect is declared: no site is linked to another or to a community network.', '');
  } else {
    out.push('IPsec links between sites and to community networks. A link to a community network needs a current Code of Connection and an IT Health Check done within the last year (PCR-31); every link is encrypted (PCR-10).', '');
    out.push(
      ...table(
        ['Interconnect', 'Ends', 'Community network', 'Code of Connection', 'IT Health Check', 'IPsec', 'Carries', 'Rules'],
        report.interconnects.map((i) => [
          `${code(i.path)}${i.description ? `: ${cell(i.description)}` : ''}`,
          [
            ...i.ends.map((e) => `${code(e.site)} (${PLATFORM_NAMES[e.platform]}${e.publicAddress ? `, ${code(e.publicAddress)}` : ', address known after deployment'})`),
            ...(i.community ? [`${cell(i.community.name)} gateway ${code(i.community.gatewayAddress)}`] : []),
          ].join('<br>'),
          i.community ? `${cell(i.community.name)} (${i.community.kind}): ${i.community.prefixes.map(code).join(', ')}` : 'none: site to site',
          i.coco ? `${cell(i.coco.reference)}, expires ${expiry(i.coco)}` : i.kind === 'community' ? '**✖ none recorded**' : 'none recorded (not required between two sites of the estate)',
          i.ithc ? `${cell(i.ithc.reference)} of ${i.ithc.date} (${ageText(i.ithc.ageDays)}); current until ${expiry(i.ithc)}` : '**✖ none recorded**',
          ipsecText(i.ipsec),
          [...i.exchanges.map((x) => `exchange ${code(x)}`), ...i.sharedServices.map((x) => `shared service ${code(x)}`)].join('<br>') || 'nothing declared yet',
          ruleStatuses(i.rules),
        ]),
      ),
    );
  }

  out.push('## cdk-nag acknowledgements', '');
  if (report.cdkNag.length === 0) {
    out.push(report.outputsChecked ? 'No cdk-nag rule is acknowledged in the CloudFormation templates.' : 'The rendered outputs were not read, so acknowledgements are not listed.', '');
  } else {
    out.push(
      ...table(
        ['Stack', 'Logical id', 'Type', 'Rule', 'Reason'],
        report.cdkNag.map((a) => [code(a.stack), code(a.logicalId), a.type, code(a.rule), `${cell(a.reason)}${a.appliesTo ? ` (only for ${a.appliesTo.map(code).join(', ')})` : ''}`]),
      ),
    );
  }

  out.push('## What each platform cannot do', '');
  for (const p of report.platforms) {
    out.push(`### ${PLATFORM_NAMES[p.platform]} (${p.sites.map(code).join(', ')})`, '');
    out.push(`**Run-time guardrails${p.guardrails.engine ? ` (${p.guardrails.engine})` : ''}:** ${cell(p.guardrails.statement)}`, '');
    if (p.guardrails.resources?.length) out.push(refs(p.guardrails.resources), '');
    for (const l of p.limitations) out.push(`- **${l.topic}.** ${cell(l.statement)}${l.rules.length ? ` (${l.rules.join(', ')})` : ''}`);
    if (p.limitations.length) out.push('');
    if (p.notApplicableRules.length) {
      out.push(`Rules with no counterpart on ${PLATFORM_NAMES[p.platform]}: ${p.notApplicableRules.map((r) => `${r.rule} ${r.statement}`).join('; ')}.`, '');
    }
    if (p.firewallManifests.length) {
      out.push(
        ...table(
          ['Site', 'vCenter', 'Rules', 'Of which allow', 'Default', 'Segments', 'Read from'],
          p.firewallManifests.map((m) => [code(m.site), code(m.vcenter), String(m.rules), String(m.allowRules), m.defaultAction, String(m.segments), m.source === 'outputs' ? code(`firewall/${m.site}.json`) : 'derived from the definition']),
        ),
      );
    }
    if (p.operatorControls.length) {
      out.push(...table(['Control left to the site operators', 'What they must do', 'Rule'], p.operatorControls.map((c) => [cell(c.control), cell(c.requirement), c.rule])));
    }
  }

  out.push('---', '', `Generated by pcloud from the estate definition and its evaluation on ${report.evaluatedOn}. Evidence pack format version ${report.version}.`, '');
  return out.join('\n');
}

function outcomeDetail(report: EvidenceReport, o: OutcomeEvidence): string {
  if (o.status === 'not-applicable') return cell(o.reason ?? '');
  if (o.status === 'held') return `${o.note ? `${cell(o.note)}<br>` : ''}${o.evidence.length ? refs(o.evidence) : heldWithoutResources(report)}`;
  return o.findings.map(finding).join('<br>');
}

function end(e: ExchangeEndEvidence): string {
  return e.kind === 'workload'
    ? `${code(e.workload)} in enclave ${code(e.enclave)}, site ${code(e.site)} (seen at ${e.prefixes.map(code).join(', ')})`
    : `partner **${cell(e.name)}** at ${e.prefixes.map(code).join(', ')}, on ${cell(e.network)} through ${code(e.interconnect)}`;
}

function ruleStatuses(rules: readonly SubjectRuleStatus[]): string {
  return rules.length ? rules.map((r) => `${r.rule} ${STATUS_SYMBOLS[r.status]} ${STATUS_NAMES[r.status].toLowerCase()}`).join(', ') : 'none evaluated';
}

function finding(f: Finding): string {
  const line = findingLine(f);
  const acceptance = acceptanceOf(f);
  return (
    `${cell(line.problem)}${line.where ? ` (${code(line.where)})` : ''}; fix: ${cell(line.fix)}` +
    (acceptance ? `; accepted under **${cell(acceptance.reference)}** by ${cell(acceptance.acceptedBy)} until ${acceptance.expires}: ${cell(acceptance.reason)}` : '')
  );
}

function refs(list: readonly ResourceRef[]): string {
  return refsByStack(list)
    .map((g) => {
      const shared = sharedType(g.refs);
      return `**${g.stack}**: ${shared ? `${shared}: ` : ''}${g.refs.map((r) => `${code(r.id)}${!shared && refType(r) ? ` (${refType(r)})` : ''}`).join(', ')}`;
    })
    .join('<br>');
}

function expiry(r: DatedRecord): string {
  const symbol = r.expiry === 'expired' ? '✖' : r.expiry === 'expiring' ? '!' : '✔';
  return `${r.expires}: ${symbol} ${EXPIRY_NAMES[r.expiry]}, ${daysLeftText(r.daysToExpiry)}`;
}

function counts(c: StatusCounts): string {
  const parts: string[] = [];
  if (c.failed) parts.push(`${STATUS_SYMBOLS.failed} ${c.failed} failed`);
  if (c.accepted) parts.push(`${STATUS_SYMBOLS.accepted} ${c.accepted} accepted`);
  parts.push(`${STATUS_SYMBOLS.held} ${c.held} held`);
  if (c.notApplicable) parts.push(`${STATUS_SYMBOLS['not-applicable']} ${c.notApplicable} not applicable`);
  return parts.join(', ');
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
}

/** Text safe inside a table cell: no pipe ends the cell, no newline ends the row, no tag is opened. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  // A backtick inside would end the span; none of pcloud's ids or addresses contain one.
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}
