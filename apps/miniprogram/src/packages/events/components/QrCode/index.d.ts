// Multi-end component: webpack picks index.weapp.tsx or index.h5.tsx; TypeScript sees this.
import type { ReactElement } from 'react';
import type { QrCodeProps } from './types';

export type { QrCodeProps } from './types';
export declare function QrCode(props: QrCodeProps): ReactElement;
