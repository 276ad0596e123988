import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { CircleFields, checkCircleName, type CircleFieldValues } from '../../components/CircleFields';
import { RequireLogin } from '../../components/RequireLogin';
import { routes } from '../../routes';
import { errorMessage, fieldMessages, quietApi } from '../../services/http';
import './index.css';

function CreateForm() {
  const [fields, setFields] = useState<CircleFieldValues>({ name: '', description: '', joinPolicy: 'open' });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const checked = checkCircleName(fields.name);
    if ('error' in checked) {
      setError(checked.error);
      return;
    }
    setError(null);
    setSaving(true);
    try {
      const circle = await quietApi.createCircle({
        name: checked.name,
        description: fields.description.trim() || undefined,
        joinPolicy: fields.joinPolicy,
      });
      void Taro.showToast({ title: '圈子已创建', icon: 'success', duration: 1500 });
      void Taro.redirectTo({ url: routes.circle({ id: circle.id }) });
    } catch (err) {
      setError(fieldMessages(err) ?? errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className='qz-card qz-circle-form'>
      <CircleFields
        value={fields}
        onChange={(change) => {
          setFields((f) => ({ ...f, ...change }));
          setError(null);
        }}
        classPrefix='qz-circle-form'
        placeholders={{ name: '给圈子起个名字', description: '介绍一下这个圈子（选填）' }}
      />
      {error ? <Text className='qz-form-error qz-circle-form-error'>{error}</Text> : null}
      <Button
        className={`qz-btn qz-btn--primary qz-circle-form-submit ${saving ? 'qz-btn--busy' : ''}`}
        loading={saving}
        disabled={saving}
        onClick={() => void submit()}
      >
        创建圈子
      </Button>
    </View>
  );
}

export default function CircleCreatePage() {
  return (
    <View className='qz-page qz-circle-create'>
      <RequireLogin>
        <CreateForm />
      </RequireLogin>
    </View>
  );
}
