export { applyUpdate, compileUpdate, isOperatorUpdate, validateUpdate } from './parse';
export type { CompiledUpdate, UpdateContext, UpdateSpec } from './parse';
export { getPath } from './paths';
export { positionalIndex } from './positional';
export { seedFromQuery } from './seed';
