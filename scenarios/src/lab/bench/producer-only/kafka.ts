// The Kafka target without consumers, loaded by module URL in each worker (bench:lab).
import { producerOnly } from '../producer-only.ts';
import { kafkaTarget } from '../../targets/kafka.ts';

export default producerOnly(kafkaTarget);
