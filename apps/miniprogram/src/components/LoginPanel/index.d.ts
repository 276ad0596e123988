// Multi-end component: webpack picks index.weapp.tsx or index.h5.tsx; TypeScript sees this.
import type { ReactElement } from 'react';
import type { LoginPanelProps } from './types';

export type { LoginPanelProps } from './types';
export declare function LoginPanel(props: LoginPanelProps): ReactElement;
