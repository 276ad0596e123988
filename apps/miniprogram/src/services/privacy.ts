/**
 * WeChat's privacy gate (always enforced since 2023-09-15): when a privacy API (chooseAvatar,
 * chooseImage, saveImageToPhotosAlbum, setClipboardData, …) is called before the member agreed to
 * the 用户隐私保护指引, WeChat holds the call and fires `onNeedPrivacyAuthorization` with a
 * `resolve`. This store keeps those pending resolves and tells the page's `PrivacySheet` to show;
 * the sheet's agree button (open-type="agreePrivacyAuthorization") or its decline button settles
 * them. Declining only fails the held call: everything that needs no privacy API keeps working.
 * No Taro calls here, so the rules are testable anywhere.
 */
export interface PrivacyResolveOption {
  event: 'exposureAuthorization' | 'agree' | 'disagree';
  buttonId?: string;
}
export type PrivacyResolve = (option: PrivacyResolveOption) => void;

/** The id of the agree button; WeChat checks that the button with this id was tapped. */
export const PRIVACY_AGREE_BUTTON_ID = 'qz-privacy-agree';

type Listener = (open: boolean) => void;

export function createPrivacyGate() {
  let pending: PrivacyResolve[] = [];
  const listeners = new Set<Listener>();
  const notify = () => listeners.forEach((l) => l(pending.length > 0));

  const settle = (option: PrivacyResolveOption) => {
    const waiting = pending;
    pending = [];
    waiting.forEach((resolve) => resolve(option));
    notify();
  };

  return {
    /** The `wx.onNeedPrivacyAuthorization` listener. */
    onNeed(resolve: PrivacyResolve): void {
      pending.push(resolve);
      notify();
    },
    /** The sheet is on screen: WeChat asks to be told the prompt was exposed. */
    exposed(): void {
      pending.forEach((resolve) => resolve({ event: 'exposureAuthorization' }));
    },
    agree(): void {
      settle({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID });
    },
    decline(): void {
      settle({ event: 'disagree' });
    },
    isOpen(): boolean {
      return pending.length > 0;
    },
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type PrivacyGate = ReturnType<typeof createPrivacyGate>;

/** The app's one gate: `platform.watchPrivacy` feeds it, every `PrivacySheet` shows it. */
export const privacyGate = createPrivacyGate();

/** True when a failed WeChat call failed because the member declined the privacy guide. */
export function isPrivacyRefusal(err: unknown): boolean {
  const msg = (err as { errMsg?: string } | null)?.errMsg ?? '';
  return /privacy/i.test(msg);
}
