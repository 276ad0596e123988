import Taro from '@tarojs/taro';
import { Canvas } from '@tarojs/components';
import { useEffect, useRef } from 'react';
import { paintQr, qrMatrix } from './matrix';
import type { QrCodeProps } from './types';

let seq = 0;

/** The e-ticket QR on a canvas 2d node (drawn after the node is laid out). */
export function QrCode({ text, size = 240, className }: QrCodeProps) {
  const id = useRef(`qz-qr-${(seq += 1)}`).current;
  useEffect(() => {
    Taro.nextTick(() => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res) => {
          const canvas = res?.[0]?.node;
          if (!canvas) return;
          const dpr = Taro.getSystemInfoSync().pixelRatio || 2;
          canvas.width = size * dpr;
          canvas.height = size * dpr;
          const ctx = canvas.getContext('2d');
          ctx.scale(dpr, dpr);
          paintQr(ctx, qrMatrix(text), size);
        });
    });
  }, [id, text, size]);
  return (
    <Canvas
      type='2d'
      id={id}
      className={`qz-qr ${className ?? ''}`}
      style={{ width: `${size}px`, height: `${size}px` }}
    />
  );
}
