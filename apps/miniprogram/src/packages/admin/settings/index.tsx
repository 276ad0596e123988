import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { CircleView, UpdateCircleRequest } from '@quanzi/contract';
import { CircleCover } from '../../../components/CircleCover';
import { CircleFields, checkCircleName, type CircleFieldValues } from '../../../components/CircleFields';
import { RequireLogin } from '../../../components/RequireLogin';
import { ErrorState } from '../../../components/Status';
import { platform } from '../../../platform';
import { CircleEvents } from '../../../services/circles';
import { errorMessage, fieldMessages, quietApi, uploadImage } from '../../../services/http';
import { toastDone, toastText } from '../../../utils/confirm';
import { AdminGate } from '../../../components/AdminGate';
import { OwnerSettings } from '../components/OwnerSettings';
import { useAdminCircle } from '../hooks/useAdminCircle';
import '../components/admin.css';
import { PrivacySheet } from '../../../components/PrivacySheet';

/** Only what changed, so an untouched field is never re-sent. */
function settingsPatch(circle: CircleView, fields: CircleFieldValues, coverUrl: string | null): UpdateCircleRequest {
  const patch: UpdateCircleRequest = {};
  if (fields.name !== circle.name) patch.name = fields.name;
  if (fields.description !== circle.description) patch.description = fields.description;
  if (coverUrl !== circle.coverUrl) patch.coverUrl = coverUrl;
  if (fields.joinPolicy !== circle.joinPolicy) patch.joinPolicy = fields.joinPolicy;
  return patch;
}

const fieldsOf = (circle: CircleView): CircleFieldValues => ({
  name: circle.name,
  description: circle.description,
  joinPolicy: circle.joinPolicy,
});

function SettingsForm({ circle }: { circle: CircleView }) {
  const [fields, setFields] = useState<CircleFieldValues>(() => fieldsOf(circle));
  const [coverUrl, setCoverUrl] = useState<string | null>(circle.coverUrl);
  const [uploading, setUploading] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setFields(fieldsOf(circle));
    setCoverUrl(circle.coverUrl);
  }, [circle]);

  const pickCover = async () => {
    const [path] = await platform.chooseImages(1);
    if (!path) return;
    setUploading(0);
    try {
      const { url } = await uploadImage(path, { onProgress: setUploading });
      setCoverUrl(url);
    } catch {
      // Toasted by the http layer.
    } finally {
      setUploading(null);
    }
  };

  const save = async () => {
    const checked = checkCircleName(fields.name);
    if ('error' in checked) {
      setError(checked.error);
      return;
    }
    const patch = settingsPatch(
      circle,
      { ...fields, name: checked.name, description: fields.description.trim() },
      coverUrl,
    );
    if (Object.keys(patch).length === 0) {
      toastText('没有需要保存的修改');
      return;
    }
    setError(null);
    setSaving(true);
    try {
      const saved = await quietApi.updateCircle(circle.id, patch);
      Taro.eventCenter.trigger(CircleEvents.changed, saved);
      toastDone('已保存');
    } catch (err) {
      setError(fieldMessages(err) ?? errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className='qz-card qz-settings'>
      <Text className='qz-form-label'>封面</Text>
      <View className='qz-settings__cover'>
        <CircleCover name={fields.name || circle.name} coverUrl={coverUrl} size='lg' />
        <View className='qz-settings__cover-actions'>
          <Button
            className='qz-btn qz-btn--ghost qz-btn--small qz-settings-cover'
            disabled={uploading !== null}
            onClick={() => void pickCover()}
          >
            {uploading !== null ? `上传中 ${uploading}%` : '更换封面'}
          </Button>
          {coverUrl ? (
            <Button
              className='qz-btn qz-btn--plain qz-btn--small qz-settings-cover-remove'
              onClick={() => setCoverUrl(null)}
            >
              移除封面
            </Button>
          ) : null}
        </View>
      </View>
      <CircleFields
        value={fields}
        onChange={(change) => {
          setFields((f) => ({ ...f, ...change }));
          setError(null);
        }}
        classPrefix='qz-settings'
      />
      {error ? <Text className='qz-form-error qz-settings-error'>{error}</Text> : null}
      <Button
        className={`qz-btn qz-btn--primary qz-settings-save ${saving ? 'qz-btn--busy' : ''}`}
        loading={saving}
        disabled={saving || uploading !== null}
        onClick={() => void save()}
      >
        保存
      </Button>
    </View>
  );
}

function Settings() {
  const admin = useAdminCircle();
  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      {admin.circle ? <SettingsForm circle={admin.circle} /> : null}
      {admin.circle && admin.isOwner ? <OwnerSettings circle={admin.circle} onSaved={admin.replace} /> : null}
    </AdminGate>
  );
}

export default function SettingsPage() {
  const { id } = useRouter().params;
  return (
    <View className='qz-page qz-admin-settings-page'>
      <RequireLogin>{id ? <Settings /> : <ErrorState message='请从圈子管理进入' />}</RequireLogin>
      <PrivacySheet />
    </View>
  );
}
