import { ErrorCode, EventLimits, PHONE_PATTERN, type FieldError } from '@quanzi/contract';
import { DomainError } from '../common/domain-error';
import type { FormField } from './events.schema';

/**
 * Checks signup answers against the event's form: required fields present, phone numbers well
 * formed, select answers among the options, no unknown keys. Returns the trimmed answers.
 */
export function validateAnswers(fields: FormField[], raw: Record<string, unknown> | undefined): Record<string, string> {
  const answers = raw ?? {};
  // Own properties only: a field keyed like an inherited member (`constructor`) must not read it.
  const answerOf = (key: string): unknown => (Object.hasOwn(answers, key) ? answers[key] : undefined);
  const errors: FieldError[] = [];
  const known = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) errors.push({ field: `answers.${key}`, message: '没有这个报名项' });
  }
  const out: Array<[string, string]> = [];
  for (const f of fields) {
    const value = answerOf(f.key);
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
    else if (f.type === 'phone' && !PHONE_PATTERN.test(text))
      errors.push({ field: `answers.${f.key}`, message: `${f.label}不是有效的手机号` });
    else if (f.type === 'select' && !f.options.includes(text))
      errors.push({ field: `answers.${f.key}`, message: `${f.label}的选项无效` });
    else out.push([f.key, text]);
  }
  if (errors.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, '报名信息有误', errors);
  // fromEntries defines own properties, so even a legacy `__proto__` key stays plain data.
  return Object.fromEntries(out);
}
