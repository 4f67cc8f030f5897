// Learning paths: scenario ids in the order a learner should meet them. Only scenarios that exist
// are listed (the API also drops any id the registry does not have); a path with none yet stays
// so the catalogue can say it is coming.
export interface LearningPath {
  id: string;
  title: string;
  /** One line: what a learner comes away with. */
  goal: string;
  scenarios: string[];
}

export const paths: readonly LearningPath[] = [
  {
    id: 'redis-basics',
    title: 'Redis basics',
    goal: 'Keys, expiry, atomic scripts and probabilistic counting on one Redis',
    scenarios: [
      'cache-aside',
      'sessions',
      'leaderboard',
      'unique-visitors',
      'transactions',
      'rate-limiting',
    ],
  },
  {
    id: 'messaging-patterns',
    title: 'Messaging patterns',
    goal: 'Queues, fanout and consumer groups: who gets which message, and when',
    scenarios: ['hello-queue', 'fanout', 'pubsub-vs-streams', 'consumer-group-lag'],
  },
  {
    id: 'kafka-internals',
    title: 'Kafka internals',
    goal: 'Partitions, offsets, lag and rebalancing as Kafka itself reports them',
    scenarios: ['consumer-group-lag'],
  },
  {
    id: 'failure-and-recovery',
    title: 'Failure and recovery',
    goal: 'What is lost, duplicated or delayed when a consumer, a broker or the network fails',
    scenarios: ['persistence', 'distributed-lock', 'eviction'],
  },
  {
    id: 'caching-layers',
    title: 'Caching layers',
    goal: 'From an in-process cache to Redis to a reverse proxy: hit ratios, staleness, stampedes',
    scenarios: ['cache-aside', 'cache-stampede', 'eviction'],
  },
  {
    id: 'microservices',
    title: 'Microservices',
    goal: 'Rate limits, events between services and the traces that tie a request together',
    scenarios: ['sessions', 'rate-limiting', 'distributed-lock', 'fanout'],
  },
];

/** The paths a scenario belongs to, in the order above. */
export function pathsOf(scenarioId: string): LearningPath[] {
  return paths.filter((p) => p.scenarios.includes(scenarioId));
}
