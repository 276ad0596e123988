import { ErrorCode } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';
import { validateAnswers } from './event-form';
import type { FormField } from './events.schema';

const FORM: FormField[] = [
  { key: 'name', label: '姓名', type: 'text', options: [], required: true },
  { key: 'phone', label: '手机号', type: 'phone', options: [], required: true },
  { key: 'size', label: 'T恤尺码', type: 'select', options: ['S', 'M', 'L'], required: false },
];

function refusal(raw: Record<string, unknown> | undefined, fields = FORM): DomainError {
  try {
    validateAnswers(fields, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('accepted');
}

describe('validateAnswers (the signup form)', () => {
  it('reports every problem at once: required, phone format, select options, unknown keys', () => {
    const error = refusal({ phone: '12345', size: 'XXL', extra: 'x' });
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.message).toBe('报名信息有误');
    expect(error.details).toEqual(
      expect.arrayContaining([
        { field: 'answers.name', message: '请填写姓名' },
        { field: 'answers.phone', message: '手机号不是有效的手机号' },
        { field: 'answers.size', message: 'T恤尺码的选项无效' },
        { field: 'answers.extra', message: '没有这个报名项' },
      ]),
    );
    expect(error.details).toHaveLength(4);
  });

  it('refuses non-text and over-long answers, and a blank required answer', () => {
    expect(refusal({ name: 42, phone: '13800138000' }).details).toEqual([
      { field: 'answers.name', message: '姓名格式不正确' },
    ]);
    expect(refusal({ name: '林'.repeat(501), phone: '13800138000' }).details).toEqual([
      { field: 'answers.name', message: '姓名过长' },
    ]);
    expect(refusal({ name: '   ', phone: '13800138000' }).details).toEqual([
      { field: 'answers.name', message: '请填写姓名' },
    ]);
    expect(refusal(undefined).details).toHaveLength(2);
  });

  it('returns the trimmed answers, leaving out empty optional ones', () => {
    expect(validateAnswers(FORM, { name: ' 小林 ', phone: '13800138000', size: 'M' })).toEqual({
      name: '小林',
      phone: '13800138000',
      size: 'M',
    });
    expect(validateAnswers(FORM, { name: '小林', phone: '13800138000', size: '' })).toEqual({
      name: '小林',
      phone: '13800138000',
    });
    expect(validateAnswers([], undefined)).toEqual({});
  });
});
