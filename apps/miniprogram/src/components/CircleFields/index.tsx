import { Input, Text, Textarea } from '@tarojs/components';
import { CircleLimits, type JoinPolicy } from '@quanzi/contract';
import { PolicyPicker } from '../PolicyPicker';

export interface CircleFieldValues {
  name: string;
  description: string;
  joinPolicy: JoinPolicy;
}

interface CircleFieldsProps {
  value: CircleFieldValues;
  onChange: (change: Partial<CircleFieldValues>) => void;
  /** Prefix of the inputs' class names (`<prefix>-name`, `<prefix>-description`), for styling and tests. */
  classPrefix: string;
  placeholders?: { name?: string; description?: string };
}

/** The name, description and join-policy fields shared by creating a circle and its settings. */
export function CircleFields({ value, onChange, classPrefix, placeholders = {} }: CircleFieldsProps) {
  return (
    <>
      <Text className='qz-form-label'>圈子名称</Text>
      <Input
        className={`qz-input ${classPrefix}-name`}
        placeholder={placeholders.name}
        maxlength={CircleLimits.nameMax}
        value={value.name}
        onInput={(e) => onChange({ name: e.detail.value })}
      />
      <Text className='qz-form-label'>简介</Text>
      <Textarea
        className={`qz-textarea ${classPrefix}-description`}
        placeholder={placeholders.description}
        maxlength={CircleLimits.descriptionMax}
        value={value.description}
        onInput={(e) => onChange({ description: e.detail.value })}
      />
      <Text className='qz-form-label'>加入方式</Text>
      <PolicyPicker value={value.joinPolicy} onChange={(joinPolicy) => onChange({ joinPolicy })} />
    </>
  );
}

/** The trimmed name, or the message that says why it cannot be saved. */
export function checkCircleName(name: string): { name: string } | { error: string } {
  const n = name.trim();
  if (!n) return { error: '请输入圈子名称' };
  if (Array.from(n).length > CircleLimits.nameMax) return { error: `圈子名称最多 ${CircleLimits.nameMax} 个字` };
  return { name: n };
}
