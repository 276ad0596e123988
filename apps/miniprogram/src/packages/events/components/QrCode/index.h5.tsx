import { useEffect, useRef } from 'react';
import { paintQr, qrMatrix } from './matrix';
import type { QrCodeProps } from './types';

/** The e-ticket QR on a DOM canvas (sharp on high-DPI screens). */
export function QrCode({ text, size = 240, className }: QrCodeProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = size * dpr;
    canvas.height = size * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    paintQr(ctx, qrMatrix(text), size);
  }, [text, size]);
  return (
    <canvas
      ref={ref}
      className={`qz-qr ${className ?? ''}`}
      data-code={text}
      style={{ width: `${size}px`, height: `${size}px` }}
    />
  );
}
