/**
 * Hands a blob to the browser as a download named `filename`: an `<a download>` on an object
 * URL, clicked and removed. The URL is revoked on the next task, after the click has used it.
 */
export function saveFile(document: Document, blob: Blob, filename: string): void {
  const view = document.defaultView;
  if (!view) {
    return;
  }
  const url = view.URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  view.setTimeout(() => view.URL.revokeObjectURL(url));
}
