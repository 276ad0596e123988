import { useCallback, useRef, useState } from 'react';
import type { PickedImage } from '../components/ImagePicker';
import { platform } from '../platform';
import { uploadImage } from '../services/http';

/**
 * Images chosen for a post: each is uploaded (`POST /api/uploads`) as soon as it is picked,
 * with its progress shown, so publishing only sends URLs.
 */
export function useImageUploads(max: number, initialUrls: string[] = []) {
  // Images already uploaded (editing a post) start as done, their URL standing in for the local path.
  const [images, setImages] = useState<PickedImage[]>(() =>
    initialUrls.map((url) => ({ localPath: url, status: 'done', progress: 100, url })),
  );
  // The latest list, for the async pick (state may have moved on while the picker was open).
  const latest = useRef(images);
  latest.current = images;

  const patch = useCallback((localPath: string, change: Partial<PickedImage>) => {
    setImages((prev) => prev.map((img) => (img.localPath === localPath ? { ...img, ...change } : img)));
  }, []);

  const upload = useCallback(
    async (localPath: string) => {
      patch(localPath, { status: 'uploading', progress: 0 });
      try {
        const { url } = await uploadImage(localPath, {
          toast: false,
          onProgress: (progress) => patch(localPath, { progress }),
        });
        patch(localPath, { status: 'done', progress: 100, url });
      } catch {
        patch(localPath, { status: 'failed' });
      }
    },
    [patch],
  );

  const add = useCallback(async () => {
    const room = max - latest.current.length;
    if (room <= 0) return;
    const paths = (await platform.chooseImages(room)).filter((p) => !latest.current.some((img) => img.localPath === p));
    const fresh = paths.slice(0, max - latest.current.length);
    if (fresh.length === 0) return;
    setImages((prev) => [
      ...prev,
      ...fresh.map((localPath): PickedImage => ({ localPath, status: 'uploading', progress: 0, url: null })),
    ]);
    fresh.forEach((p) => void upload(p));
  }, [max, upload]);

  const remove = useCallback((localPath: string) => {
    setImages((prev) => prev.filter((img) => img.localPath !== localPath));
  }, []);

  const uploading = images.some((img) => img.status === 'uploading');
  const failed = images.some((img) => img.status === 'failed');
  const urls = images.filter((img) => img.status === 'done' && img.url).map((img) => img.url as string);

  return { images, add, remove, retry: upload, uploading, failed, urls };
}
