import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { Avatar } from '../../components/Avatar';
import { LoginPanel } from '../../components/LoginPanel';
import { ProfileForm } from '../../components/ProfileForm';
import { useProfile } from '../../hooks/useProfile';
import { platform } from '../../platform';
import { routes } from '../../routes';
import { auth, useAuth } from '../../services/auth';
import { badgeText, useUnread, useUnreadBadge } from '../../services/unread';
import './index.css';
import { PrivacySheet } from '../../components/PrivacySheet';

function ProfileSection() {
  const { load, reload, replace } = useProfile();

  if (load.status === 'loading') {
    return (
      <View className='qz-card qz-me__status qz-profile-loading'>
        <Text>加载中…</Text>
      </View>
    );
  }

  if (load.status === 'error') {
    return (
      <View className='qz-card qz-me__status qz-profile-error-state'>
        <Text className='qz-me__status-title'>资料加载失败</Text>
        <Text className='qz-me__status-hint'>{load.message}</Text>
        <Button className='qz-btn qz-btn--ghost qz-profile-retry' onClick={() => void reload()}>
          重试
        </Button>
      </View>
    );
  }

  const user = load.data;
  return (
    <View>
      <View className='qz-card qz-me__header'>
        <Avatar url={user.avatarUrl} nickname={user.nickname} size='lg' />
        <View className='qz-me__who'>
          <Text className='qz-me__name qz-profile-name'>{user.nickname || '未设置昵称'}</Text>
          <Text className='qz-me__sub'>{user.isPlatformAdmin ? '平台管理员' : '圈友'}</Text>
        </View>
      </View>
      <Text className='qz-me__section-title'>编辑资料</Text>
      <ProfileForm user={user} onSaved={replace} />
    </View>
  );
}

interface MenuItemProps {
  /** One character in a tinted square. */
  glyph: string;
  label: string;
  className: string;
  onClick: () => void;
  /** A red count before the arrow (unread messages); hidden at 0. */
  count?: number;
}

function MenuItem({ glyph, label, className, onClick, count = 0 }: MenuItemProps) {
  return (
    <View className={`qz-menu__item ${className}`} onClick={onClick}>
      <Text className='qz-menu__icon'>{glyph}</Text>
      <Text className='qz-menu__label'>{label}</Text>
      {count > 0 ? <Text className='qz-menu__count'>{badgeText(count)}</Text> : null}
      <Text className='qz-menu__arrow'>›</Text>
    </View>
  );
}

export default function MePage() {
  const { token } = useAuth();
  const unread = useUnread();
  useUnreadBadge();

  return (
    <View className='qz-page qz-me'>
      {token ? <ProfileSection /> : <LoginPanel />}
      <View className='qz-card qz-menu'>
        <MenuItem
          glyph='信'
          label='消息'
          className='qz-menu-inbox'
          count={token ? unread : 0}
          onClick={() => void Taro.navigateTo({ url: routes.inbox() })}
        />
        <MenuItem
          glyph='票'
          label='我的门票'
          className='qz-menu-tickets'
          onClick={() => void Taro.navigateTo({ url: routes.myTickets() })}
        />
      </View>
      {token && platform.needsLoginForm ? (
        <Button className='qz-btn qz-btn--plain qz-logout' onClick={() => auth.logout()}>
          退出登录
        </Button>
      ) : null}
      <PrivacySheet />
    </View>
  );
}
