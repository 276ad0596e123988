import Taro from '@tarojs/taro';
import { Switch, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { CircleView, CircleVisibility, UpdateCircleRequest } from '@quanzi/contract';
import { Chips } from '../../../components/Chips';
import { CircleEvents } from '../../../services/circles';
import { errorMessage, quietApi } from '../../../services/http';
import { toastDone } from '../../../utils/confirm';

const visibilityHint: Record<CircleVisibility, string> = {
  public: '公开：出现在「发现」里，可以按名称搜到。',
  hidden: '隐藏：不在「发现」里，也搜不到，只能通过邀请链接或分享进入。',
};

/** Owner only: who can find the circle, and whether members see the member directory. Saved on change. */
export function OwnerSettings({ circle, onSaved }: { circle: CircleView; onSaved: (c: CircleView) => void }) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (patch: UpdateCircleRequest) => {
    setSaving(true);
    setError(null);
    try {
      const saved = await quietApi.updateCircle(circle.id, patch);
      Taro.eventCenter.trigger(CircleEvents.changed, saved);
      onSaved(saved);
      toastDone('已保存');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className='qz-card qz-owner-settings'>
      <Text className='qz-form-label'>圈子可见性</Text>
      <Chips
        className='qz-settings-visibility'
        options={[
          { value: 'public', label: '公开' },
          { value: 'hidden', label: '隐藏' },
        ]}
        value={circle.visibility}
        onChange={(v) => {
          if (!saving && v !== circle.visibility) void save({ visibility: v });
        }}
      />
      <Text className='qz-owner-settings__hint qz-settings-visibility-hint'>{visibilityHint[circle.visibility]}</Text>
      <View className='qz-owner-settings__switch qz-settings-directory'>
        <Text>成员名录</Text>
        <Switch
          checked={circle.directoryEnabled}
          disabled={saving}
          onChange={(e) => void save({ directoryEnabled: e.detail.value })}
        />
      </View>
      <Text className='qz-owner-settings__hint'>开启后，成员可以看到彼此的昵称、头像和加入时间。</Text>
      {error ? <Text className='qz-form-error qz-owner-settings-error'>{error}</Text> : null}
    </View>
  );
}
