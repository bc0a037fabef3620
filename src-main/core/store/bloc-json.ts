// Block contents as stored: JSON, with the binary attachments (XOP files) as base64 under a
// marker key, so that a PDF survives the round trip byte for byte.
const MARKER = '$base64';

export function blocToJson(contenu: unknown): string {
  // The holder's own value, not `value`: JSON.stringify hands the replacer a Buffer already
  // turned into {type, data: [bytes]} by Buffer's toJSON, which would store each byte as a number.
  return JSON.stringify(contenu, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    return raw instanceof Uint8Array ? { [MARKER]: Buffer.from(raw).toString('base64') } : value;
  });
}

export function blocFromJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && MARKER in value) {
      const encoded = (value as Record<string, unknown>)[MARKER];
      if (typeof encoded === 'string') return new Uint8Array(Buffer.from(encoded, 'base64'));
    }
    if (isStoredBuffer(value)) return new Uint8Array(value.data);
    return value;
  });
}

/** Attachments written before the fix above: Buffer's own JSON form. */
function isStoredBuffer(value: unknown): value is { type: 'Buffer'; data: number[] } {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { type?: unknown; data?: unknown };
  return v.type === 'Buffer' && Array.isArray(v.data) && Object.keys(value).length === 2;
}
