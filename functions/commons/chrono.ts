import { once } from './once';
import type En = require('chrono-node/en');
import type De = require('chrono-node/de');
import type Fr = require('chrono-node/fr');
import type Es = require('chrono-node/es');
import type Pt = require('chrono-node/pt');
import type Nl = require('chrono-node/nl');
import type It = require('chrono-node/it');
import type Sv = require('chrono-node/sv');
import type Fi = require('chrono-node/fi');
import type Ru = require('chrono-node/ru');

/**
 * The one place `functions/` gets chrono-node from: the locales Rapport reads, loaded when a time
 * is first read from text (a text invitation, "reschedule Thursday 3pm"), not at a cold start.
 * Building their parsers at load cost process-inbound about 5 ms of CPU on every cold start,
 * calendar invitations included, which never need them (bench/cold-load.ts). One require per
 * locale: the package's root would bring all sixteen. (require, not import(): tsc's node16
 * resolution would treat import() as ESM.)
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const chronoLocales = once(() => ({
  en: require('chrono-node/en') as typeof En,
  de: require('chrono-node/de') as typeof De,
  fr: require('chrono-node/fr') as typeof Fr,
  es: require('chrono-node/es') as typeof Es,
  pt: require('chrono-node/pt') as typeof Pt,
  nl: require('chrono-node/nl') as typeof Nl,
  it: require('chrono-node/it') as typeof It,
  sv: require('chrono-node/sv') as typeof Sv,
  fi: require('chrono-node/fi') as typeof Fi,
  ru: require('chrono-node/ru') as typeof Ru,
}));
/* eslint-enable @typescript-eslint/no-require-imports */
