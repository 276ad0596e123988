import type { CreateEventRequest, EventFormField, EventView, FormFieldType } from '@quanzi/contract';
import { fromLocalInputs, toLocalInputs } from './format';

export interface TicketDraft {
  id?: string;
  name: string;
  price: string;
  quota: string;
  perUserLimit: string;
}

export interface FieldDraft {
  key: string;
  label: string;
  type: FormFieldType;
  options: string;
  required: boolean;
}

export interface EventDraft {
  title: string;
  description: string;
  mode: 'online' | 'offline';
  location: string;
  onlineUrl: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  /** Paid tickets: members who cancel before it are refunded in full, after it not at all. */
  refundDeadlineOn: boolean;
  refundDate: string;
  refundTime: string;
  requireApproval: boolean;
  waitlist: boolean;
  tickets: TicketDraft[];
  fields: FieldDraft[];
}

export function emptyDraft(): EventDraft {
  const tomorrow = toLocalInputs(new Date(Date.now() + 86400000).toISOString()).date;
  return {
    title: '',
    description: '',
    mode: 'offline',
    location: '',
    onlineUrl: '',
    startDate: tomorrow,
    startTime: '19:00',
    endDate: tomorrow,
    endTime: '21:00',
    refundDeadlineOn: false,
    refundDate: tomorrow,
    refundTime: '12:00',
    requireApproval: false,
    waitlist: true,
    tickets: [{ name: '普通票', price: '0', quota: '50', perUserLimit: '1' }],
    fields: [],
  };
}

export function draftOf(e: EventView): EventDraft {
  const start = toLocalInputs(e.startAt);
  const end = toLocalInputs(e.endAt);
  const refund = e.refundDeadline ? toLocalInputs(e.refundDeadline) : start;
  return {
    title: e.title,
    description: e.description,
    mode: e.mode,
    location: e.location ?? '',
    onlineUrl: e.onlineUrl ?? '',
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    refundDeadlineOn: !!e.refundDeadline,
    refundDate: refund.date,
    refundTime: refund.time,
    requireApproval: e.requireApproval,
    waitlist: e.waitlist,
    tickets: e.ticketTypes.map((t) => ({
      id: t.id,
      name: t.name,
      price: String(t.priceFen / 100),
      quota: String(t.quota),
      perUserLimit: String(t.perUserLimit),
    })),
    fields: e.formFields.map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type,
      options: (f.options ?? []).join('，'),
      required: f.required,
    })),
  };
}

/** The request body, or the first problem in Chinese (the server checks everything again). */
export function toRequest(d: EventDraft): { body: Omit<CreateEventRequest, 'status'> } | { error: string } {
  if (!d.title.trim()) return { error: '请填写活动名称' };
  const startAt = fromLocalInputs(d.startDate, d.startTime);
  const endAt = fromLocalInputs(d.endDate, d.endTime);
  if (!startAt || !endAt) return { error: '请选择开始和结束时间' };
  if (endAt <= startAt) return { error: '结束时间必须晚于开始时间' };
  const refundDeadline = d.refundDeadlineOn ? fromLocalInputs(d.refundDate, d.refundTime) : null;
  if (d.refundDeadlineOn && (!refundDeadline || refundDeadline > endAt))
    return { error: '退款截止时间不能晚于活动结束' };
  if (d.mode === 'offline' && !d.location.trim()) return { error: '线下活动需要填写地点' };
  if (d.mode === 'online' && !/^https?:\/\/\S+$/.test(d.onlineUrl.trim()))
    return { error: '请填写以 http(s):// 开头的活动链接' };
  if (d.tickets.length === 0) return { error: '至少需要一个票种' };
  const ticketTypes = [];
  for (const t of d.tickets) {
    const priceFen = Math.round(Number(t.price) * 100);
    const quota = Number(t.quota);
    const perUserLimit = Number(t.perUserLimit || '1');
    if (!t.name.trim()) return { error: '请填写票种名称' };
    if (!Number.isFinite(priceFen) || priceFen < 0) return { error: `「${t.name}」的价格不正确` };
    if (!Number.isInteger(quota) || quota < 1) return { error: `「${t.name}」的名额至少为 1` };
    if (!Number.isInteger(perUserLimit) || perUserLimit < 1) return { error: `「${t.name}」的每人限购至少为 1` };
    ticketTypes.push({ ...(t.id ? { id: t.id } : {}), name: t.name.trim(), priceFen, quota, perUserLimit });
  }
  const formFields: EventFormField[] = [];
  for (const f of d.fields) {
    if (!f.label.trim()) return { error: '请填写报名项名称' };
    const options = f.options
      .split(/[,，\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (f.type === 'select' && options.length === 0) return { error: `「${f.label}」需要至少一个选项` };
    formFields.push({
      key: f.key,
      label: f.label.trim(),
      type: f.type,
      required: f.required,
      ...(f.type === 'select' ? { options } : {}),
    });
  }
  return {
    body: {
      title: d.title.trim(),
      description: d.description,
      mode: d.mode,
      ...(d.mode === 'offline' ? { location: d.location.trim() } : { onlineUrl: d.onlineUrl.trim() }),
      startAt,
      endAt,
      ...(refundDeadline ? { refundDeadline } : {}),
      requireApproval: d.requireApproval,
      waitlist: d.waitlist,
      formFields,
      ticketTypes,
    },
  };
}
