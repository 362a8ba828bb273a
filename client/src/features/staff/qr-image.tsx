import { useMemo } from 'react';
import { Image } from '@tarojs/components';
import qrcode from 'qrcode-generator';

/**
 * A QR code as an inline GIF data URL (qrcode-generator: pure JavaScript, no canvas), so the same
 * `<Image>` works on H5 and in the mini-program.
 */
export function qrDataUrl(text: string, cellSize = 8): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createDataURL(cellSize, 4);
}

export function QrImage({ text, label }: { text: string; label: string }) {
  const src = useMemo(() => qrDataUrl(text), [text]);
  return <Image src={src} style={{ width: '480px', height: '480px' }} mode='aspectFit' ariaLabel={label} data-qr-text={text} />;
}
