// GuichetApi: the cached demands.
import type { GuichetApi } from '../api-types.ts';
import type { ApiContext } from './context.ts';
import { settle } from './settle.ts';

export function demandesApi(
  ctx: ApiContext,
): Pick<GuichetApi, 'listDemandes' | 'getDemande' | 'refreshDemande' | 'getPiece'> {
  return {
    listDemandes: (query) => settle(() => ctx.demandes.list(query)),
    getDemande: (numUnique) => settle(() => ctx.demandes.get(numUnique)),
    refreshDemande: (numUnique, blocs) => ctx.sync.refreshDemande(numUnique, blocs),
    getPiece: (numUnique, nomFichier) => settle(() => ctx.demandes.piece(numUnique, nomFichier)),
  };
}
