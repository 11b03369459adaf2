// Uploads go through XMLHttpRequest: fetch cannot report upload progress.
import { ApiError, errorFrom } from '../api/client';
import type { Accepted } from './api';

/**
 * Sends one file as multipart `file`, reporting the share sent (0–1) as it goes.
 * Resolves with the accepted document, or rejects with the API's error as ApiError.
 */
export function uploadFile(file: File, onProgress: (share: number) => void): Promise<Accepted> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/documents');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText) as Accepted);
        return;
      }
      // The same reading of error bodies as every other request.
      const response = new Response(xhr.responseText, {
        status: xhr.status,
        statusText: xhr.statusText,
      });
      errorFrom(response).then(reject, reject);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'NETWORK', 'Cannot reach the server: check your connection'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
