// Stored block JSON: attachments keep their bytes and are written as base64, whether the SOAP
// layer handed a Uint8Array or a Buffer (whose own toJSON would write every byte as a number).
import { describe, expect, it } from 'vitest';
import { blocFromJson, blocToJson } from '../../../src-main/core/store/bloc-json.ts';

const BYTES = [0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0d];

describe('stored block JSON', () => {
  it.each([
    ['Uint8Array', new Uint8Array(BYTES)],
    ['Buffer', Buffer.from(BYTES)],
  ])('writes a %s attachment as base64 and reads it back byte for byte', (_name, octets) => {
    const text = blocToJson([{ nomFichier: 'a.pdf', fichier: { contentType: 'x', octets } }]);
    expect(text).toContain(`"$base64":"${Buffer.from(BYTES).toString('base64')}"`);
    expect(text).not.toContain('"data"');
    const back = blocFromJson(text) as { fichier: { octets: Uint8Array } }[];
    expect(back[0]?.fichier.octets).toBeInstanceOf(Uint8Array);
    expect([...back[0]!.fichier.octets]).toEqual(BYTES);
  });

  it('reads attachments stored in Buffer’s own JSON form by earlier versions', () => {
    const legacy = JSON.stringify({ octets: Buffer.from(BYTES), autre: { type: 'Buffer' } });
    const back = blocFromJson(legacy) as { octets: Uint8Array; autre: unknown };
    expect([...back.octets]).toEqual(BYTES);
    expect(back.autre).toEqual({ type: 'Buffer' });
  });
});
