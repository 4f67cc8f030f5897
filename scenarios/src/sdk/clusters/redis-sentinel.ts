// The redis-sentinel a run starts for itself, as its scenario sees it (to be designed with its launcher).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RedisSentinelSettings {}

export interface RedisSentinelCluster {
  /** Node names, as ctx.faults knows them. */
  readonly nodes: readonly string[];
}
