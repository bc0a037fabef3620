// Arguments reach GuichetApi as unknown from IPC and HTTP: these tests pin what is accepted and
// that every refusal is a French ARGUMENT_INVALIDE naming the problem.
import { describe, expect, it } from 'vitest';
import { apiArgumentSchemas, validateCall } from '../../src-main/core/api-validation.ts';
import { GuichetError } from '../../src-main/core/errors.ts';

const NUM = '0421218000012G1104';

function refusal(method: unknown, args: unknown): GuichetError {
  try {
    validateCall(method, args);
  } catch (error) {
    if (error instanceof GuichetError) return error;
    throw error;
  }
  throw new Error('the call was accepted');
}

describe('validateCall', () => {
  it('accepts a full list query and returns it unchanged', () => {
    const query = {
      q: 'saint étienne',
      departement: '42',
      commune: '2A004',
      statutDalo: 'ACTIF',
      etat: 'ACTIVE',
      mouvementeDepuis: '2026-12-01',
      enEchec: true,
      tri: { colonne: 'recupereLe', sens: 'desc' },
      offset: 200,
      limit: 100,
    };
    expect(validateCall('listDemandes', [query])).toEqual({
      method: 'listDemandes',
      args: [query],
    });
  });

  it('refuses an unknown method, even one inherited from Object', () => {
    expect(refusal('toString', []).code).toBe('ARGUMENT_INVALIDE');
    expect(refusal('__proto__', []).message).toBe('Opération inconnue.');
    expect(refusal(42, []).code).toBe('ARGUMENT_INVALIDE');
  });

  it('refuses arguments that are not a list', () => {
    expect(refusal('getDemande', NUM).message).toMatch(/une liste est attendue/);
  });

  it('refuses a malformed DLS number with a French message', () => {
    const error = refusal('getDemande', ['123']);
    expect(error.code).toBe('ARGUMENT_INVALIDE');
    expect(error.message).toMatch(/numéro unique invalide/);
  });

  it('accepts a well-formed DLS number', () => {
    expect(validateCall('getDemande', [NUM]).args).toEqual([NUM]);
  });

  it('refuses a field the API does not know (strict objects)', () => {
    const error = refusal('listDemandes', [{ q: 'x', sql: 'DROP TABLE demandes' }]);
    expect(error.message).toMatch(/champ non prévu : sql/);
  });

  it('refuses an invalid INSEE commune and department', () => {
    expect(refusal('listDemandes', [{ commune: '4221' }]).message).toMatch(/commune INSEE/);
    expect(refusal('listDemandes', [{ departement: '96' }]).message).toMatch(/département/);
  });

  it('bounds the page size so a renderer cannot ask for the whole cache at once', () => {
    expect(refusal('listDemandes', [{ limit: 100_000 }]).code).toBe('ARGUMENT_INVALIDE');
    expect(refusal('listDemandes', [{ offset: -1 }]).code).toBe('ARGUMENT_INVALIDE');
  });

  it('tolerates an omitted optional trailing argument and refuses extra ones', () => {
    expect(validateCall('refreshDemande', [NUM]).args).toEqual([NUM, undefined]);
    expect(validateCall('refreshDemande', [NUM, undefined]).args).toEqual([NUM, undefined]);
    expect(validateCall('refreshDemande', [NUM, ['cerfa', 'dalo']]).args).toEqual([
      NUM,
      ['cerfa', 'dalo'],
    ]);
    expect(refusal('refreshDemande', [NUM, ['inconnu']]).code).toBe('ARGUMENT_INVALIDE');
    expect(refusal('getSyncStatus', ['extra']).code).toBe('ARGUMENT_INVALIDE');
  });

  it('checks settings patches: https address, hours, overlap, guichet codes', () => {
    expect(validateCall('updateSettings', [{ sneUrl: 'https://sne.example:8443' }]).args).toEqual([
      { sneUrl: 'https://sne.example:8443' },
    ]);
    expect(refusal('updateSettings', [{ sneUrl: 'http://sne.example' }]).message).toMatch(
      /adresse du SNE/,
    );
    expect(refusal('updateSettings', [{ horaires: ['25:00'] }]).message).toMatch(/heure invalide/);
    expect(refusal('updateSettings', [{ overlapMinutes: 500 }]).message).toMatch(/chevauchement/);
    expect(refusal('updateSettings', [{ guichetsExclus: ['X1'] }]).message).toMatch(/guichet/);
    // The data folder is never moved from the UI.
    expect(refusal('updateSettings', [{ dataDir: '/tmp' }]).message).toMatch(/dataDir/);
  });

  it('checks a certificate import: base64 content and a passphrase string', () => {
    expect(validateCall('importCertificate', [{ pfxBase64: 'AAEC', passphrase: '' }]).args).toEqual(
      [{ pfxBase64: 'AAEC', passphrase: '' }],
    );
    expect(
      refusal('importCertificate', [{ pfxBase64: 'pas du base64 !', passphrase: 'x' }]).message,
    ).toMatch(/illisible/);
    expect(refusal('importCertificate', [{ pfxBase64: 'AAEC' }]).code).toBe('ARGUMENT_INVALIDE');
  });

  it('refuses a document name that could climb out of its folder', () => {
    expect(refusal('getPiece', [NUM, '../../etc/passwd']).message).toMatch(/nom de fichier/);
    expect(validateCall('getPiece', [NUM, 'avis-imposition.pdf']).args[1]).toBe(
      'avis-imposition.pdf',
    );
  });

  it('lists 3DS territories for department codes only, none meaning all', () => {
    expect(validateCall('list3dsTerritoires', [['69', '2A', '974']]).args).toEqual([
      ['69', '2A', '974'],
    ]);
    expect(validateCall('list3dsTerritoires', [[]]).args).toEqual([[]]);
    expect(refusal('list3dsTerritoires', [['69', 'Rhône']]).message).toMatch(
      /code de département invalide/,
    );
    expect(refusal('list3dsTerritoires', [['6']]).code).toBe('ARGUMENT_INVALIDE');
    // The list is required: a forgotten argument is a programming error, not "all departments".
    expect(refusal('list3dsTerritoires', []).code).toBe('ARGUMENT_INVALIDE');
    expect(refusal('list3dsTerritoires', ['69']).code).toBe('ARGUMENT_INVALIDE');
  });

  it('has a schema for every GuichetApi method but the progress subscription', () => {
    expect(Object.keys(apiArgumentSchemas).sort()).toEqual(
      [
        'clearLocalData',
        'export3ds',
        'extract3ds',
        'get3dsExtraction',
        'getCertificate',
        'getDemande',
        'getDrm',
        'getPiece',
        'getSettings',
        'getSyncStatus',
        'importCertificate',
        'list3dsExtractions',
        'list3dsTerritoires',
        'listDemandes',
        'listSequences',
        'refreshDemande',
        'removeCertificate',
        'retryFailures',
        'startSync',
        'updateSettings',
        'useBuiltInSimulator',
      ].sort(),
    );
  });
});
