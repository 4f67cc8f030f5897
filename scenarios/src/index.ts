export * from './sdk/index.ts';
export { scenarios, findScenario } from './registry.ts';
export { paths, pathsOf } from './paths.ts';
export type { LearningPath } from './paths.ts';
