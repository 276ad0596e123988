/**
 * The mini-programs this server serves (专属小程序): WECHAT_APPID/WECHAT_SECRET is the default
 * app; WECHAT_APPS adds others as a JSON list of {appid, secret, name?}. Each member's openid
 * belongs to the app they logged in through, so login, codes and messages use that app.
 */
export interface WechatApp {
  appId: string;
  secret: string;
  name: string | null;
}

/** Parses WECHAT_APPS; problems are appended, never thrown, so every config error shows at once. */
export function parseWechatApps(
  raw: string | undefined,
  defaultApp: { appId: string | null; secret: string | null },
  problems: string[],
): WechatApp[] {
  const apps: WechatApp[] = [];
  if (defaultApp.appId && defaultApp.secret)
    apps.push({ appId: defaultApp.appId, secret: defaultApp.secret, name: null });
  if (!raw?.trim()) return apps;
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    problems.push('WECHAT_APPS must be JSON: [{"appid":"wx…","secret":"…","name":"…"}]');
    return apps;
  }
  if (!Array.isArray(list)) {
    problems.push('WECHAT_APPS must be a JSON list of {appid, secret, name?}');
    return apps;
  }
  list.forEach((entry: Record<string, unknown> | null, i) => {
    const { appid, secret, name } = entry ?? {};
    if (typeof appid !== 'string' || !appid || typeof secret !== 'string' || !secret) {
      problems.push(`WECHAT_APPS[${i}] needs a non-empty appid and secret`);
      return;
    }
    if (name !== undefined && typeof name !== 'string') problems.push(`WECHAT_APPS[${i}].name must be a string`);
    const existing = apps.find((a) => a.appId === appid);
    if (existing && existing.secret !== secret) problems.push(`WECHAT_APPS[${i}]: appid ${appid} is listed twice`);
    else if (!existing) apps.push({ appId: appid, secret, name: typeof name === 'string' ? name : null });
  });
  return apps;
}
