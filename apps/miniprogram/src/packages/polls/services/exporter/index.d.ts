import type { PollExporter } from './types';

export type { PollExporter } from './types';
export declare const pollExporter: PollExporter;
