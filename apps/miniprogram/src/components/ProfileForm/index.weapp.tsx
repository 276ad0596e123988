import Taro from '@tarojs/taro';
import { Button, Form, Input, Text, View, type BaseEventOrig, type FormProps } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { Limits } from '@quanzi/contract';
import { Avatar } from '../Avatar';
import { fieldMessages, uploadImage } from '../../services/http';
import { updateMe } from '../../services/users';
import { nicknameProblem, profilePatch, type ProfileFormProps } from './types';
import './index.css';

export type { ProfileFormProps } from './types';

interface ChooseAvatarDetail {
  avatarUrl: string;
}

/**
 * WeChat's avatar-and-nickname flow: a chooseAvatar button and a `type="nickname"` input.
 * WeChat may clear a nickname that fails its content check after blur, so the value is read
 * from the form submit, as WeChat recommends.
 */
export function ProfileForm({ user, onSaved }: ProfileFormProps) {
  const [nickname, setNickname] = useState(user.nickname);
  // A local temp path after choosing, until it is uploaded on save.
  const [avatar, setAvatar] = useState(user.avatarUrl);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setNickname(user.nickname);
    setAvatar(user.avatarUrl);
  }, [user]);

  const onChooseAvatar = (e: BaseEventOrig<ChooseAvatarDetail>) => {
    if (e.detail.avatarUrl) setAvatar(e.detail.avatarUrl);
  };

  const onSubmit = async (e: BaseEventOrig<FormProps.onSubmitEventDetail>) => {
    const submitted: unknown = e.detail.value?.nickname;
    const name = (typeof submitted === 'string' ? submitted : nickname).trim();
    const problem = nicknameProblem(name);
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    setSaving(true);
    try {
      const picked = avatar && avatar !== user.avatarUrl ? avatar : '';
      const avatarUrl = picked && !/^https?:\/\//.test(picked) ? (await uploadImage(picked)).url : picked;
      const patch = profilePatch(user, name, avatarUrl);
      if (Object.keys(patch).length === 0) {
        void Taro.showToast({ title: '没有需要保存的修改', icon: 'none' });
        return;
      }
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
    <Form className='qz-card qz-profile-form' onSubmit={(e) => void onSubmit(e)}>
      <View className='qz-field qz-field--avatar'>
        <Text className='qz-field__label'>头像</Text>
        <Button className='qz-avatar-picker qz-profile-avatar' openType='chooseAvatar' onChooseAvatar={onChooseAvatar}>
          <Avatar url={avatar} nickname={nickname} size='lg' />
        </Button>
      </View>
      <View className='qz-field'>
        <Text className='qz-field__label'>昵称</Text>
        <Input
          className='qz-input qz-profile-nickname'
          type='nickname'
          name='nickname'
          placeholder='请输入昵称'
          maxlength={Limits.nicknameMax}
          value={nickname}
          onInput={(e) => setNickname(e.detail.value)}
        />
      </View>
      {error ? <Text className='qz-form-error qz-profile-error'>{error}</Text> : null}
      <Button
        className={`qz-btn qz-btn--primary qz-profile-save ${saving ? 'qz-btn--busy' : ''}`}
        formType='submit'
        loading={saving}
        disabled={saving}
      >
        保存
      </Button>
    </Form>
  );
}
