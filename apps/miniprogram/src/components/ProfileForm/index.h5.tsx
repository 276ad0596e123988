import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { Limits } from '@quanzi/contract';
import { fieldMessages } from '../../services/http';
import { updateMe } from '../../services/users';
import { nicknameProblem, profilePatch, type ProfileFormProps } from './types';
import './index.css';

export type { ProfileFormProps } from './types';

/** H5: a plain form. Browsers have no WeChat avatar picker, so the avatar is a URL. */
export function ProfileForm({ user, onSaved }: ProfileFormProps) {
  const [nickname, setNickname] = useState(user.nickname);
  const [avatarUrl, setAvatarUrl] = useState(user.avatarUrl ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setNickname(user.nickname);
    setAvatarUrl(user.avatarUrl ?? '');
  }, [user]);

  const save = async () => {
    const name = nickname.trim();
    const avatar = avatarUrl.trim();
    const problem =
      nicknameProblem(name) ??
      (avatar && !/^https?:\/\//.test(avatar) ? '头像地址需以 http:// 或 https:// 开头' : null);
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    const patch = profilePatch(user, name, avatar);
    if (Object.keys(patch).length === 0) {
      void Taro.showToast({ title: '没有需要保存的修改', icon: 'none' });
      return;
    }
    setSaving(true);
    try {
      const saved = await updateMe(patch);
      void Taro.showToast({ title: '已保存', icon: 'success', duration: 2000 });
      onSaved(saved);
    } catch (err) {
      setError(fieldMessages(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className='qz-card qz-profile-form'>
      <View className='qz-field'>
        <Text className='qz-field__label'>昵称</Text>
        <Input
          className='qz-input qz-profile-nickname'
          name='nickname'
          placeholder='请输入昵称'
          maxlength={Limits.nicknameMax}
          value={nickname}
          onInput={(e) => setNickname(e.detail.value)}
        />
      </View>
      <View className='qz-field'>
        <Text className='qz-field__label'>头像地址</Text>
        <Input
          className='qz-input qz-profile-avatar-url'
          name='avatarUrl'
          placeholder='https://…（可不填）'
          value={avatarUrl}
          onInput={(e) => setAvatarUrl(e.detail.value)}
        />
      </View>
      {error ? <Text className='qz-form-error qz-profile-error'>{error}</Text> : null}
      <Button
        className={`qz-btn qz-btn--primary qz-profile-save ${saving ? 'qz-btn--busy' : ''}`}
        loading={saving}
        disabled={saving}
        onClick={() => void save()}
      >
        保存
      </Button>
    </View>
  );
}
