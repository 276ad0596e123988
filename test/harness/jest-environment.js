// Node test environment that tells the suite whether something failed, so the
// harness prints the server's output and the browser suite takes a screenshot
// only when they help explain a failure.
const { TestEnvironment } = require('jest-environment-node');

class QuanziEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__qzStatus = { currentTestFailed: false, anyFailed: false, currentTestName: '' };
  }

  async handleTestEvent(event) {
    const status = this.global.__qzStatus;
    switch (event.name) {
      case 'test_start':
        status.currentTestFailed = false;
        status.currentTestName = fullName(event.test);
        break;
      case 'test_fn_failure':
      case 'hook_failure':
        status.currentTestFailed = true;
        status.anyFailed = true;
        break;
      default:
        break;
    }
  }
}

function fullName(test) {
  const parts = [];
  for (let node = test; node && node.name !== 'ROOT_DESCRIBE_BLOCK'; node = node.parent) {
    parts.unshift(node.name);
  }
  return parts.join(' › ');
}

module.exports = QuanziEnvironment;
