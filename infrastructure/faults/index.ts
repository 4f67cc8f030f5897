// The fault toolbox's TCP proxy, in Toxiproxy's shape (see docs/faults.md).
export { FaultProxy } from './proxy.ts';
export type { ProxyStats } from './proxy.ts';
export { ProxyRegistry, processProxies } from './registry.ts';
export type { ProxyInput } from './registry.ts';
export { TOXIC_ATTRIBUTES, TOXIC_TYPES, ToxicError, attributesOf, toxicFrom } from './toxics.ts';
export type { ProxyConfig, ProxyState, Toxic, ToxicStream, ToxicType } from './toxics.ts';
