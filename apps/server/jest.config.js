/** Unit + integration specs beside the code; SWC strips types and keeps Nest's decorator metadata. */
module.exports = {
  testEnvironment: 'node',
  rootDir: 'src',
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.(ts|js)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // content-disposition 3 (under @fastify/static 10) and agenda 6 with its Mongo backend are
  // ESM-only; Node 20.19+ can require() them, Jest's module loader cannot, so SWC converts them
  // like our own sources.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|agenda|@agendajs/mongo-backend)/)'],
  // The contract ships as TypeScript source; the built server carries its own compiled copy.
  moduleNameMapper: { '^@quanzi/contract$': '<rootDir>/../../../libs/contract/src/index.ts' },
  testTimeout: 30000,
  // Jest's default leaves a core idle (cores − 1 workers: in band on CI's two cores).
  maxWorkers: '100%',
  // agenda 6.2 leaves a ref'd timer of lockLifetime/2 (5 min) behind every job it ran
  // (JobProcessor.runOrRetry's checkIfJobIsStillAlive delay is never cleared), so a worker that
  // ran jobs cannot exit by itself after its apps closed. The server's own shutdown exits
  // explicitly (main.ts); here jest must.
  forceExit: true,
};
