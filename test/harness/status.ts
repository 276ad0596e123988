/** What the test environment (jest-environment.js) records about the running suite. */
interface SuiteStatus {
  currentTestFailed: boolean;
  anyFailed: boolean;
  currentTestName: string;
}

function status(): SuiteStatus {
  const s = (globalThis as { __qzStatus?: SuiteStatus }).__qzStatus;
  return s ?? { currentTestFailed: false, anyFailed: false, currentTestName: '' };
}

export const suiteStatus = {
  currentTestFailed: (): boolean => status().currentTestFailed,
  anyFailed: (): boolean => status().anyFailed,
  currentTestName: (): string => status().currentTestName,
};
