import { once } from './once';

/**
 * The one place `functions/` gets chrono-node from: the parsers of the ten languages Rapport reads
 * times in, loaded when a time is first read from text (a text invitation, "reschedule Thursday
 * 3pm"), not at a cold start. Building them at load cost process-inbound about 5 ms of CPU on
 * every cold start, calendar invitations included, which never need them (bench/cold-load.ts).
 *
 * Why a require of our own module rather than of chrono's locales: require('chrono-node/en')
 * resolves the package's CommonJS build, which esbuild cannot tree-shake (205 KB of
 * process-inbound); chrono-parsers.ts imports the locales as ES modules, so esbuild takes the
 * tree-shaken ES build and wraps that module and everything it imports in initialisers that run
 * on this require, keeping the laziness. (require, not import(): tsc's node16 resolution would
 * treat import() as ESM.)
 */
export const chronoLocales = once(
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  () => (require('./chrono-parsers') as typeof import('./chrono-parsers')).parsers,
);
