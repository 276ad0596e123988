// Multi-end component: webpack picks index.weapp.tsx or index.h5.tsx; TypeScript sees this.
import type { ReactElement } from 'react';

/** The in-app privacy agreement sheet; render it once on every page that calls a privacy API. */
export declare function PrivacySheet(): ReactElement | null;
