// The national example after a typical pull request; the benchmark diffs its output against the
// example's. It adds a custody system to the Met (a broadening: a new flow) and onboards North
// Yorkshire at the supplier's data centre (a new enclave with a database).
import { type AccreditedNetwork, type TenantEnclave, TenantEnclave as Enclave, Workload } from 'pcloud';
import cloud from '../examples/national-pcloud';

const met = cloud.node.findChild('met-azure').node.findChild('met') as TenantEnclave;
const custody = new Workload(met, 'custody', { kind: 'vm', size: 'medium' });
(met.node.findChild('case-api') as Workload).allowFrom(custody, 8443);

const supplier = cloud.node.findChild('supplier-dc1') as AccreditedNetwork;
const northYorkshire = new Enclave(supplier, 'north-yorkshire', { tenant: 'nyorks' });
const app = new Workload(northYorkshire, 'records-app', { kind: 'vm', size: 'medium' });
new Workload(northYorkshire, 'records-db', { kind: 'database', diskGiB: 250 }).allowFrom(app, 5432);

export default cloud;
