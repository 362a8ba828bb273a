import Taro from '@tarojs/taro';

/** Opens the camera (only the camera: a photo from the album could be an old screenshot) and returns the QR's text. */
export const scanCheckInCode: (() => Promise<string>) | undefined = async () => {
  const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
  return result;
};
