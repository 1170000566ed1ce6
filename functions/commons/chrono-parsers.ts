import { casual as deCasual } from 'chrono-node/de';
import { casual as enCasual, GB as enGB } from 'chrono-node/en';
import { casual as esCasual } from 'chrono-node/es';
import { casual as fiCasual } from 'chrono-node/fi';
import { casual as frCasual } from 'chrono-node/fr';
import { casual as itCasual } from 'chrono-node/it';
import { casual as nlCasual } from 'chrono-node/nl';
import { casual as ptCasual } from 'chrono-node/pt';
import { casual as ruCasual } from 'chrono-node/ru';
import { casual as svCasual } from 'chrono-node/sv';

/**
 * The chrono parsers Rapport reads times with, as plain imports so that esbuild bundles chrono's
 * tree-shaken ES build (the "import" condition of its package exports) rather than its CommonJS
 * build. Only chrono.ts requires this module, on first use; see there why.
 */
export const parsers = {
  en: { casual: enCasual, GB: enGB },
  de: { casual: deCasual },
  fr: { casual: frCasual },
  es: { casual: esCasual },
  pt: { casual: ptCasual },
  nl: { casual: nlCasual },
  it: { casual: itCasual },
  sv: { casual: svCasual },
  fi: { casual: fiCasual },
  ru: { casual: ruCasual },
};
