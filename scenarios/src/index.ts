export * from './sdk/index.ts';
export { scenarios, findScenario } from './registry.ts';
