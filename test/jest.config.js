// End-to-end suites: API scenarios against the built server process, and browser
// scenarios in Chromium. Each file boots its own server (and fake WeChat) on free ports with
// its own in-memory engine, so two files run at once: a scenario spends much of its time
// waiting on its server. scripts/test.sh runs the browser scenarios in band (Chromium is
// heavy on two cores).
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
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/harness/sequencer.js',
  // Never let a leaked timer or socket hang CI; the harness kills its server children itself.
  forceExit: true,
};
