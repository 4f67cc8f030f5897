// The rabbitmq-cluster a run starts for itself, as its scenario sees it (to be designed with its launcher).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RabbitmqClusterSettings {}

export interface RabbitmqCluster {
  /** Node names, as ctx.faults knows them. */
  readonly nodes: readonly string[];
}
