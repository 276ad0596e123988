// Type face of the multi-end module: webpack resolves `../platform` to index.weapp.ts or
// index.h5.ts (Taro's multi-end files); TypeScript sees this declaration.
import type { PlatformAdapter } from './types';

export type { LoginInput, LoginProof, PlatformAdapter } from './types';
export declare const platform: PlatformAdapter;
