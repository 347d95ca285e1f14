import type { Isa } from '../../lib/model/exchange';
import type { PortSpec } from '../../lib/ports';

/** A secure exchange as a workload's `exchangeTo` and `exchangeFrom` render it. */
export interface ExchangeProps {
  /** The exchange's id (its path in the estate): it names the rules and the table of its records. */
  readonly id: string;
  /** The Information Sharing Agreement the exchange runs under; its reference is written into every rule. */
  readonly isa: Isa;
  /** The ports the receiver is reached on (a number is a TCP port). */
  readonly ports: readonly (number | PortSpec)[];
}

/** The far end of an exchange when it is not an Azure workload of the same network: a workload on another site, or a partner. */
export interface ExchangePeer {
  /** Who it is: the workload's path, or the partner organisation. Rule descriptions name it. */
  readonly name: string;
  /** The prefixes it is seen at from here (`EstateView.endpointPrefixes`), never wider than /8. */
  readonly prefixes: readonly string[];
  /**
   * An organisation outside the estate rather than a workload of it: a workload receiving from a
   * partner logs the collection in its enclave's audit workspace, as a sender logs its disclosures.
   * @default false
   */
  readonly partner?: boolean;
}
