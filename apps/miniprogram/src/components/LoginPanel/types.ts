import type { UserView } from '@quanzi/contract';

export interface LoginPanelProps {
  onLoggedIn?: (user: UserView) => void;
}
