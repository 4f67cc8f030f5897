// The Redis pub/sub target without subscribers, loaded by module URL in each worker
// (bench:lab): PUBLISH to a channel nobody reads, as redis-benchmark's PUBLISH is.
import { producerOnly } from '../producer-only.ts';
import { redisPubsubTarget } from '../../targets/redis-pubsub.ts';

export default producerOnly(redisPubsubTarget);
