// Multi-end component: webpack picks index.weapp.tsx or index.h5.tsx; TypeScript sees this.
import type { ReactElement } from 'react';
import type { ProfileFormProps } from './types';

export type { ProfileFormProps } from './types';
export declare function ProfileForm(props: ProfileFormProps): ReactElement;
