// Opening and saving a document of a DLS: the bytes come from the API as base64 and become a
// blob URL, which the CSP allows for frames and images (blob:) and nothing else.
import type { GuichetApi } from '../../../src-main/core/api-types.ts';

export async function loadPiece(
  api: GuichetApi,
  numUnique: string,
  nomFichier: string,
): Promise<{ url: string; contentType: string }> {
  const piece = await api.getPiece(numUnique, nomFichier);
  const bytes = Uint8Array.from(atob(piece.base64), (c) => c.charCodeAt(0));
  const blob = new Blob([bytes], { type: piece.contentType });
  return { url: URL.createObjectURL(blob), contentType: piece.contentType };
}

export async function savePiece(
  api: GuichetApi,
  numUnique: string,
  nomFichier: string,
): Promise<void> {
  const { url } = await loadPiece(api, numUnique, nomFichier);
  const link = document.createElement('a');
  link.href = url;
  link.download = nomFichier;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the download has taken the URL; the click is synchronous.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
