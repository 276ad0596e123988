// `npm start` and the builds must not depend on the NODE_ENV the shell exported (issue 11).
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const babel = require('@babel/core');
const { taroEnv } = require('./taro');

const root = path.resolve(__dirname, '..');
const SHELL_ENVS = ['development', 'production', 'test', undefined];

test('a build runs as production and a watch as development, whatever NODE_ENV the shell exported', () => {
  for (const shell of SHELL_ENVS) {
    const env = shell === undefined ? { PATH: '/bin' } : { PATH: '/bin', NODE_ENV: shell };
    assert.equal(taroEnv(['build', '--type', 'h5'], env).NODE_ENV, 'production', `shell NODE_ENV=${shell}`);
    assert.equal(taroEnv(['build', '--type', 'weapp'], env).NODE_ENV, 'production', `shell NODE_ENV=${shell}`);
    assert.equal(taroEnv(['build', '--type', 'h5', '--watch'], env).NODE_ENV, 'development', `shell NODE_ENV=${shell}`);
    assert.equal(taroEnv(['build', '--type', 'h5'], env).PATH, '/bin');
  }
});

/** Babel's options for a page as Taro's loader asks for them, under the given environment. */
function babelOptionsUnder(vars) {
  const saved = { ...process.env };
  Object.assign(process.env, vars);
  try {
    return babel.loadOptions({
      cwd: root,
      root,
      filename: path.join(root, 'src/app.tsx'),
      babelrc: false,
      configFile: path.join(root, 'babel.config.js'),
    });
  } finally {
    for (const key of Object.keys(vars)) {
      if (key in saved) process.env[key] = saved[key];
      else delete process.env[key];
    }
  }
}

test('the babel config loads for H5 and weapp in development (no React refresh plugin needed)', () => {
  for (const platform of [
    { TARO_ENV: 'h5', TARO_PLATFORM: 'web' },
    { TARO_ENV: 'weapp', TARO_PLATFORM: 'mini' },
  ]) {
    const options = babelOptionsUnder({ ...platform, NODE_ENV: 'development' });
    const names = options.plugins.map((p) => p.key);
    assert.ok(!names.some((n) => /refresh/i.test(n)), `${platform.TARO_ENV}: ${names.join(', ')}`);
  }
});
