// End-to-end suites: API scenarios against the built server process, and browser
// scenarios in Chromium. Run in band: each file boots its own server and the
// machine has two cores.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: path.resolve(__dirname, '..'),
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/{api,browser}/**/*.test.ts'],
  testEnvironment: '<rootDir>/test/harness/jest-environment.js',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testTimeout: 60_000,
  verbose: true,
  maxWorkers: 1,
  // Never let a leaked timer or socket hang CI; the harness kills its server children itself.
  forceExit: true,
};
