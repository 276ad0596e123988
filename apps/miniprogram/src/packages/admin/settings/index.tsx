import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { CircleLimits, type CircleView, type JoinPolicy, type UpdateCircleRequest } from '@quanzi/contract'
import { CircleCover } from '../../../components/CircleCover'
import { PolicyPicker } from '../../../components/PolicyPicker'
import { RequireLogin } from '../../../components/RequireLogin'
import { ErrorState } from '../../../components/Status'
import { platform } from '../../../platform'
import { CircleEvents } from '../../../services/circles'
import { errorMessage, fieldMessages, quietApi, uploadImage } from '../../../services/http'
import { toastDone, toastText } from '../../../utils/confirm'
import { AdminGate } from '../components/AdminGate'
import { useAdminCircle } from '../components/useAdminCircle'
import '../components/admin.css'

/** Only what changed, so an untouched field is never re-sent. */
function settingsPatch(circle: CircleView, name: string, description: string, coverUrl: string | null, joinPolicy: JoinPolicy): UpdateCircleRequest {
  const patch: UpdateCircleRequest = {}
  if (name !== circle.name) patch.name = name
  if (description !== circle.description) patch.description = description
  if (coverUrl !== circle.coverUrl) patch.coverUrl = coverUrl
  if (joinPolicy !== circle.joinPolicy) patch.joinPolicy = joinPolicy
  return patch
}

function SettingsForm({ circle }: { circle: CircleView }) {
  const [name, setName] = useState(circle.name)
  const [description, setDescription] = useState(circle.description)
  const [coverUrl, setCoverUrl] = useState<string | null>(circle.coverUrl)
  const [joinPolicy, setJoinPolicy] = useState<JoinPolicy>(circle.joinPolicy)
  const [uploading, setUploading] = useState<number | null>(null)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    setName(circle.name)
    setDescription(circle.description)
    setCoverUrl(circle.coverUrl)
    setJoinPolicy(circle.joinPolicy)
  }, [circle])

  const pickCover = async () => {
    const [path] = await platform.chooseImages(1)
    if (!path) return
    setUploading(0)
    try {
      const { url } = await uploadImage(path, { onProgress: setUploading })
      setCoverUrl(url)
    } catch {
      // Toasted by the http layer.
    } finally {
      setUploading(null)
    }
  }

  const save = async () => {
    const n = name.trim()
    if (!n) {
      setError('请输入圈子名称')
      return
    }
    const patch = settingsPatch(circle, n, description.trim(), coverUrl, joinPolicy)
    if (Object.keys(patch).length === 0) {
      toastText('没有需要保存的修改')
      return
    }
    setError(null)
    setSaving(true)
    try {
      const saved = await quietApi.updateCircle(circle.id, patch)
      Taro.eventCenter.trigger(CircleEvents.changed, saved)
      toastDone('已保存')
    } catch (err) {
      setError(fieldMessages(err) ?? errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='qz-card qz-settings'>
      <Text className='qz-form-label'>封面</Text>
      <View className='qz-settings__cover'>
        <CircleCover name={name || circle.name} coverUrl={coverUrl} size='lg' />
        <View className='qz-settings__cover-actions'>
          <Button className='qz-btn qz-btn--ghost qz-btn--small qz-settings-cover' disabled={uploading !== null} onClick={() => void pickCover()}>
            {uploading !== null ? `上传中 ${uploading}%` : '更换封面'}
          </Button>
          {coverUrl ? (
            <Button className='qz-btn qz-btn--plain qz-btn--small qz-settings-cover-remove' onClick={() => setCoverUrl(null)}>
              移除封面
            </Button>
          ) : null}
        </View>
      </View>
      <Text className='qz-form-label'>圈子名称</Text>
      <Input
        className='qz-input qz-settings-name'
        maxlength={CircleLimits.nameMax}
        value={name}
        onInput={(e) => {
          setName(e.detail.value)
          setError(null)
        }}
      />
      <Text className='qz-form-label'>简介</Text>
      <Textarea
        className='qz-textarea qz-settings-description'
        maxlength={CircleLimits.descriptionMax}
        value={description}
        onInput={(e) => setDescription(e.detail.value)}
      />
      <Text className='qz-form-label'>加入方式</Text>
      <PolicyPicker value={joinPolicy} onChange={setJoinPolicy} />
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
  )
}

function Settings() {
  const admin = useAdminCircle()
  return (
    <AdminGate load={admin.load} isAdmin={admin.isAdmin} onRetry={() => void admin.reload()}>
      {admin.circle ? <SettingsForm circle={admin.circle} /> : null}
    </AdminGate>
  )
}

export default function SettingsPage() {
  const { id } = useRouter().params
  return (
    <View className='qz-page qz-admin-settings-page'>
      <RequireLogin>{id ? <Settings /> : <ErrorState message='请从圈子管理进入' />}</RequireLogin>
    </View>
  )
}
