#!/usr/bin/env bash
# npm run security: the Electron security scanner (electronegativity) over what ships, the
# built main, preload and renderer (the global checks need main and the page together). Fails
# on any HIGH or CRITICAL finding and prints the others for review. The scanner cannot reach
# the internet here to list Electron releases, so the version is given explicitly.
set -euo pipefail
cd "$(dirname "$0")/.."
npx electron-vite build >/dev/null
npx vite build --config vite.renderer.config.ts >/dev/null
report=$(mktemp --suffix=.csv)
trap 'rm -f "$report"' EXIT
rm -f "$report"
npx electronegativity -i out -r -v false -e 41.7.1 -o "$report" >/dev/null 2>&1
if [ ! -s "$report" ]; then
  echo "L'analyse de sécurité n'a produit aucun rapport." >&2
  exit 1
fi
echo "Constats de l'analyse de sécurité Electron (electronegativity), à revoir :"
tail -n +2 "$report" | cut -d, -f1-5
if grep -qE ',"?(HIGH|CRITICAL)"?,' "$report"; then
  echo "Échec : au moins un constat de gravité élevée." >&2
  exit 1
fi
echo "Aucun constat de gravité élevée."
