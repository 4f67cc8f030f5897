// The Redis kit: what more than one Redis scenario needs.
export * from './prefix-scan.ts';
export * from './connections.ts';
export * from './lua-commands.ts';
export * from './info.ts';
