export { compileFilter, matches, validateFilter } from './parse';
export { valuesAtPath } from './path';
export type { FilterNode } from './operators/types';
export type Filter = import('../bson-values').Doc;
