import Taro from '@tarojs/taro'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { CircleLimits, type JoinPolicy } from '@quanzi/contract'
import { PolicyPicker } from '../../components/PolicyPicker'
import { RequireLogin } from '../../components/RequireLogin'
import { circleUrl } from '../../services/circles'
import { errorMessage, fieldMessages, quietApi } from '../../services/http'
import './index.css'

function CreateForm() {
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [joinPolicy, setJoinPolicy] = useState<JoinPolicy>('open')
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async () => {
    const n = name.trim()
    if (!n) {
      setError('请输入圈子名称')
      return
    }
    if (Array.from(n).length > CircleLimits.nameMax) {
      setError(`圈子名称最多 ${CircleLimits.nameMax} 个字`)
      return
    }
    setError(null)
    setSaving(true)
    try {
      const circle = await quietApi.createCircle({ name: n, description: description.trim() || undefined, joinPolicy })
      void Taro.showToast({ title: '圈子已创建', icon: 'success', duration: 1500 })
      void Taro.redirectTo({ url: circleUrl(circle.id) })
    } catch (err) {
      setError(fieldMessages(err) ?? errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='qz-card qz-circle-form'>
      <Text className='qz-form-label'>圈子名称</Text>
      <Input
        className='qz-input qz-circle-form-name'
        placeholder='给圈子起个名字'
        maxlength={CircleLimits.nameMax}
        value={name}
        onInput={(e) => {
          setName(e.detail.value)
          setError(null)
        }}
      />
      <Text className='qz-form-label'>简介</Text>
      <Textarea
        className='qz-textarea qz-circle-form-description'
        placeholder='介绍一下这个圈子（选填）'
        maxlength={CircleLimits.descriptionMax}
        value={description}
        onInput={(e) => setDescription(e.detail.value)}
      />
      <Text className='qz-form-label'>加入方式</Text>
      <PolicyPicker value={joinPolicy} onChange={setJoinPolicy} />
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
  )
}

export default function CircleCreatePage() {
  return (
    <View className='qz-page qz-circle-create'>
      <RequireLogin>
        <CreateForm />
      </RequireLogin>
    </View>
  )
}
