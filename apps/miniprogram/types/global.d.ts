/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production';
    TARO_ENV: 'weapp' | 'h5';
    /** API origin for builds that cannot use the same origin (weapp), e.g. https://quanzi.example.com. */
    QUANZI_API_BASE?: string;
  }
}

/** Prefix for the contract's `/api/...` paths: '' (same origin) on h5; an absolute origin on weapp. Set in config/index.ts. */
declare const API_BASE: string;

/** Subscribe-message template ids by the server's template key (build env TARO_APP_TEMPLATE_<KEY>). Set in config/index.ts. */
declare const SUBSCRIBE_TEMPLATES: Record<string, string>;

/** The brand this build is for (brands/<name>.json via `--brand`). Set in config/index.ts. */
declare const BRAND: {
  name: string;
  /** The brand's appid, sent at login and on poster URLs; null for the default app (WECHAT_APPID). */
  appid: string | null;
  appName: string;
  logo: string | null;
  defaultCircleIds: string[];
  singleCircleId: string | null;
  features: Record<string, boolean>;
};
