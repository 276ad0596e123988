import Taro from '@tarojs/taro';

export interface ConfirmOptions {
  title: string;
  content: string;
  confirmText?: string;
  /** Red confirm button for destructive actions. */
  danger?: boolean;
}

/** Asks before anything destructive; resolves true only on an explicit 确定. */
export async function confirm({
  title,
  content,
  confirmText = '确定',
  danger = false,
}: ConfirmOptions): Promise<boolean> {
  try {
    const res = await Taro.showModal({
      title,
      content,
      confirmText,
      cancelText: '取消',
      confirmColor: danger ? '#E5484D' : '#4F6BED',
    });
    return res.confirm;
  } catch {
    return false;
  }
}

/** A short action sheet; resolves the chosen index or null when dismissed. */
export async function chooseAction(itemList: string[]): Promise<number | null> {
  try {
    const res = await Taro.showActionSheet({ itemList });
    return res.tapIndex;
  } catch {
    return null;
  }
}

export function toastText(title: string): void {
  void Taro.showToast({ title, icon: 'none', duration: 2000 });
}

export function toastDone(title: string): void {
  void Taro.showToast({ title, icon: 'success', duration: 1500 });
}
