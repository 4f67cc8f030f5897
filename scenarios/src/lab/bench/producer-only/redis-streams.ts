// The Redis Streams target without consumers, loaded by module URL in each worker (bench:lab).
import { producerOnly } from '../producer-only.ts';
import { redisStreamsTarget } from '../../targets/redis-streams.ts';

export default producerOnly(redisStreamsTarget);
