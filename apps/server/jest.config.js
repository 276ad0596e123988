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
  // content-disposition 3 (under @fastify/static 10) is ESM-only; Node 20.19+ can require() it,
  // Jest's module loader cannot, so SWC converts it like our own sources.
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  // The contract ships as TypeScript source; the built server carries its own compiled copy.
  moduleNameMapper: { '^@quanzi/contract$': '<rootDir>/../../../libs/contract/src/index.ts' },
  testTimeout: 30000,
};
