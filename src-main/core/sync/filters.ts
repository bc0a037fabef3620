// The GDM filter set in force and its stable key: a watermark belongs to one filter set, since a
// window paged with other filters says nothing about the DLS these ones select.
import type { GdmFiltres } from '../sne/gdm-client.ts';

export function normaliseFiltres(f: GdmFiltres): GdmFiltres {
  const clean = (xs: string[]): string[] =>
    [...new Set(xs.map((x) => x.trim().toUpperCase()).filter((x) => x.length > 0))].sort();
  return {
    departements: clean(f.departements),
    communes: clean(f.communes),
    guichetsExclus: clean(f.guichetsExclus),
  };
}

export function filtreCle(f: GdmFiltres): string {
  const n = normaliseFiltres(f);
  return `d=${n.departements.join(',')};c=${n.communes.join(',')};x=${n.guichetsExclus.join(',')}`;
}
