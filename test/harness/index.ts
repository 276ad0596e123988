export * from './api-client';
export * from './paths';
export * from './server-process';
export * from './stack';
export * from './status';
export * from './engine-process';
export * from './persistent-server';
