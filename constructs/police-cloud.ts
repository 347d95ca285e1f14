import { Construct, type IConstruct } from 'constructs';
import { fail, show } from '../lib/errors';
import { checkId } from '../lib/model/checks';
import { buildEstate } from '../lib/model/estate';
import { resolveMonitoring, type MonitoringProps } from '../lib/model/monitoring';
import type { EstateModel, MonitoringModel, RiskAcceptanceModel } from '../lib/model/types';
import { resolveAcceptance, type RiskAcceptance } from '../lib/policy/acceptance';
import type { Evaluation } from '../lib/policy/types';
import type { TerraformStateConfig } from '../lib/plan/terraform-state';
import { AccreditedNetwork } from './accredited-network';
import { Interconnect } from './interconnect';
import { SecureExchange } from './secure-exchange';
import { SharedService } from './shared-service';
import { Site } from './site';
import type { ReportResult, SynthOptions, SynthResult } from './synth';

const POLICE_CLOUD = Symbol.for('pcloud.PoliceCloud');

export interface PoliceCloudProps {
  /** Name of the estate: lowercase kebab-case, at most 32 characters; it prefixes stack names. */
  readonly name: string;
  /**
   * Free text for the evidence pack.
   * @default - none
   */
  readonly description?: string;
  /**
   * Where Terraform keeps the state of the Azure and vSphere stacks.
   * @default { type: 'local' }: `<outdir>/terraform-state/<stack>.tfstate`, kept across syntheses
   */
  readonly terraformState?: TerraformStateConfig;
  /**
   * Protective monitoring: the SOC, the clouds' threat detection and any SIEM export (rule PCR-24).
   * @default - the National Management Centre, with GuardDuty, Security Hub and Defender for Cloud on
   */
  readonly monitoring?: MonitoringProps;
}

/**
 * The root of an estate: sites, accredited networks on them, tenant enclaves in the networks and
 * workloads in the enclaves. `toModel()` freezes it into an EstateModel; `synth()` renders it.
 */
export class PoliceCloud extends Construct {
  /** True for any PoliceCloud, even one from another copy of the package. */
  static isPoliceCloud(x: unknown): x is PoliceCloud {
    return typeof x === 'object' && x !== null && POLICE_CLOUD in x;
  }

  /** The PoliceCloud at the root of `construct`'s tree. */
  static of(construct: IConstruct): PoliceCloud {
    const root = construct.node.root;
    if (!PoliceCloud.isPoliceCloud(root)) throw new Error(`pcloud internal error: ${construct.node.path} is not inside a PoliceCloud`);
    return root;
  }

  readonly name: string;
  readonly description?: string;
  readonly terraformState?: TerraformStateConfig;
  readonly monitoring: MonitoringModel;
  private readonly acceptances: RiskAcceptanceModel[] = [];

  constructor(props: PoliceCloudProps) {
    if (typeof props !== 'object' || props === null) {
      fail({
        code: 'PROPS_MISSING',
        path: '(estate)',
        problem: 'PoliceCloud has no properties',
        given: show(props),
        expected: "{ name: 'national' }",
        fix: "create the estate with new PoliceCloud({ name: 'my-estate' })",
      });
    }
    checkId(props.name, '', 'estate name');
    const monitoring = resolveMonitoring(props.monitoring, `${props.name}/monitoring`);
    super(undefined as unknown as Construct, '');
    Object.defineProperty(this, POLICE_CLOUD, { value: true });
    this.name = props.name;
    if (props.description !== undefined) this.description = String(props.description);
    if (props.terraformState !== undefined) this.terraformState = props.terraformState;
    this.monitoring = monitoring;
  }

  /**
   * Accepts a finding: the only way to let a rule's error stand. The finding is then reported as
   * accepted (with the reason, reference, who and until when) rather than raised. An acceptance
   * past its expiry date is itself an error; one that matches no finding is a warning.
   */
  acceptRisk(acceptance: RiskAcceptance): this {
    this.acceptances.push(resolveAcceptance(acceptance, `${this.name}/acceptances/${this.acceptances.length}`));
    return this;
  }

  /** Sites, in declaration order. */
  get sites(): Site[] {
    return this.node.children.filter(Site.isSite);
  }

  /** Accredited networks, in declaration order. */
  get networks(): AccreditedNetwork[] {
    return this.node.children.filter(AccreditedNetwork.isAccreditedNetwork);
  }

  /** Shared services, in declaration order. */
  get sharedServices(): SharedService[] {
    return this.node.children.filter(SharedService.isSharedService);
  }

  /** Secure exchanges, in declaration order. */
  get exchanges(): SecureExchange[] {
    return this.node.children.filter(SecureExchange.isSecureExchange);
  }

  /** Interconnects, in declaration order. */
  get interconnects(): Interconnect[] {
    return this.node.children.filter(Interconnect.isInterconnect);
  }

  /**
   * Freezes the estate into its EstateModel: allocates address spaces, VLANs and vSphere
   * addresses. Throws a PcloudError when an allocation cannot be made.
   */
  toModel(): EstateModel {
    const networks = this.networks;
    const enclaves = networks.flatMap((n) => n.enclaves);
    const workloads = enclaves.flatMap((e) => e.workloads);
    return buildEstate({
      name: this.name,
      monitoring: this.monitoring,
      acceptances: this.acceptances,
      sites: this.sites.map((s) => s.model),
      networks: networks.map((n) => n.model),
      enclaves: enclaves.map((e) => e.intent),
      workloads: workloads.map((w) => w.intent),
      flows: workloads.flatMap((w) => w.flows),
      sharedServices: this.sharedServices.map((s) => s.model),
      exchanges: this.exchanges.map((x) => x.intent),
      interconnects: this.interconnects.map((i) => i.model),
    });
  }

  /**
   * Checks the estate against the rule catalogue: the model, then the outputs rendered into a
   * temporary folder. Returns the evaluation; writes nothing.
   */
  check(options: { today?: string; onProgress?: (message: string) => void } = {}): Evaluation {
    const { checkEstate }: typeof import('./synth') = require('./synth');
    return checkEstate(this.toModel(), { ...(this.terraformState ? { terraformState: this.terraformState } : {}), ...options });
  }

  /**
   * Writes the evidence pack to `<outdir>/evidence/`: what an accreditor reads. Error findings do
   * not stop it; they are in the pack.
   */
  report(options: { outdir?: string; today?: string; onProgress?: (message: string) => void } = {}): ReportResult {
    const { reportEstate }: typeof import('./synth') = require('./synth');
    return reportEstate(this.toModel(), { ...(this.terraformState ? { terraformState: this.terraformState } : {}), ...options });
  }

  /**
   * Renders the estate: `cdk.out` for AWS, `cdktf.out` for Azure and vSphere, `model.json` and the
   * vSphere firewall manifests, written to a temporary folder and moved into `outdir` at the end.
   * Refuses (a FindingsError, nothing written) while an error finding of the rules stands.
   */
  synth(options: SynthOptions = {}): SynthResult {
    // Loaded on demand: importing pcloud must not load a target framework.
    const { synthEstate }: typeof import('./synth') = require('./synth');
    return synthEstate(this.toModel(), { ...(this.terraformState ? { terraformState: this.terraformState } : {}), ...options });
  }
}
