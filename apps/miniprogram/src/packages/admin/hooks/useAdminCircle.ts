import { useRouter } from '@tarojs/taro';
import { useAuth } from '../../../services/auth';
import { useCircle } from '../../../hooks/useCircle';
import { isCircleAdmin } from '../../../utils/membership';

/** The `?id=` circle of an admin page, and whether the caller may manage it. */
export function useAdminCircle() {
  const { params } = useRouter();
  const { token } = useAuth();
  const id = params.id;
  const circle = useCircle(id, token !== null);
  const ready = circle.load.status === 'ready' ? circle.load.data : null;
  return {
    id,
    ...circle,
    circle: ready,
    isAdmin: ready ? isCircleAdmin(ready.myMembership) : false,
    isOwner: ready ? ready.myMembership?.status === 'active' && ready.myMembership.role === 'owner' : false,
  };
}
