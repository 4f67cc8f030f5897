// A run's traces: the OTLP receiver its shop services export to, and what it keeps of them.
export { TraceReceiver } from './receiver.ts';
export type { TraceReceiverOptions } from './receiver.ts';
export { TraceStore, summarize } from './trace-store.ts';
export { parseOtlpJson, systemOf } from './otlp-json.ts';
