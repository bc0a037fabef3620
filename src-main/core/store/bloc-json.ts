// Block contents as stored: JSON, with the binary attachments (XOP files) as base64 under a
// marker key, so that a PDF survives the round trip byte for byte.
const MARKER = '$base64';

export function blocToJson(contenu: unknown): string {
  return JSON.stringify(contenu, (_key, value: unknown) =>
    value instanceof Uint8Array ? { [MARKER]: Buffer.from(value).toString('base64') } : value,
  );
}

export function blocFromJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && MARKER in value) {
      const encoded = (value as Record<string, unknown>)[MARKER];
      if (typeof encoded === 'string') return new Uint8Array(Buffer.from(encoded, 'base64'));
    }
    return value;
  });
}
