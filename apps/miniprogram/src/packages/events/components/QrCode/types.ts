export interface QrCodeProps {
  /** The text to encode (the e-ticket code). */
  text: string;
  /** Drawn size in px (CSS px on h5, px on weapp). */
  size?: number;
  className?: string;
}
