import { loadSettings } from '../config/settings';
import { isOwnUploadUrl } from './upload-refs';

const NAME = `${'0123456789abcdef'.repeat(2)}.webp`;

describe('isOwnUploadUrl', () => {
  it('accepts the upload store under PUBLIC_BASE_URL, the bare path, and the configured CDN', () => {
    const settings = loadSettings({
      PUBLIC_BASE_URL: 'https://quanzi.example.com',
      UPLOAD_CDN_URL: 'https://cdn.example.net/q/',
    });
    for (const url of [
      `/uploads/${NAME}`,
      `https://quanzi.example.com/uploads/${NAME}`,
      `https://cdn.example.net/q/${NAME}`,
    ]) {
      expect([url, isOwnUploadUrl(url, settings)]).toEqual([url, true]);
    }
  });

  it('refuses other origins, other paths and names the store never gives out', () => {
    const settings = loadSettings({ PUBLIC_BASE_URL: 'https://quanzi.example.com' });
    for (const url of [
      `https://cdn.example.net/q/${NAME}`, // no CDN configured
      `https://quanzi.example.com.evil.example/uploads/${NAME}`,
      `http://quanzi.example.com/uploads/${NAME}`,
      `https://quanzi.example.com/uploads/sub/${NAME}`,
      `//quanzi.example.com/uploads/${NAME}`,
      `/uploads/${NAME}?x=1`,
      '/uploads/photo.png',
    ]) {
      expect([url, isOwnUploadUrl(url, settings)]).toEqual([url, false]);
    }
  });
});
