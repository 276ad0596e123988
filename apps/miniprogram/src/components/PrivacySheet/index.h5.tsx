/** Browsers have no WeChat privacy gate: nothing to show. */
export function PrivacySheet() {
  return null;
}
