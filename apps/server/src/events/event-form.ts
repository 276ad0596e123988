import { ErrorCode, EventLimits, PHONE_PATTERN, type FieldError } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';
import type { FormField } from './events.schema';

/**
 * Checks signup answers against the event's form: required fields present, phone numbers well
 * formed, select answers among the options, no unknown keys. Returns the trimmed answers.
 */
export function validateAnswers(fields: FormField[], raw: Record<string, unknown> | undefined): Record<string, string> {
  const answers = raw ?? {};
  const errors: FieldError[] = [];
  const known = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) errors.push({ field: `answers.${key}`, message: '没有这个报名项' });
  }
  const out: Record<string, string> = {};
  for (const f of fields) {
    const value = answers[f.key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      errors.push({ field: `answers.${f.key}`, message: `${f.label}格式不正确` });
      continue;
    }
    const text = (value ?? '').trim();
    if (!text) {
      if (f.required) errors.push({ field: `answers.${f.key}`, message: `请填写${f.label}` });
      continue;
    }
    if (text.length > EventLimits.answerMax) errors.push({ field: `answers.${f.key}`, message: `${f.label}过长` });
    else if (f.type === 'phone' && !PHONE_PATTERN.test(text)) errors.push({ field: `answers.${f.key}`, message: `${f.label}不是有效的手机号` });
    else if (f.type === 'select' && !f.options.includes(text)) errors.push({ field: `answers.${f.key}`, message: `${f.label}的选项无效` });
    else out[f.key] = text;
  }
  if (errors.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, '报名信息有误', errors);
  return out;
}
