/** Conformance suite: drives the engine only through the official driver and mongoose. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  testTimeout: 30000,
  // Jest's default leaves a core idle (cores − 1 workers: in band on CI's two cores).
  maxWorkers: '100%',
};
