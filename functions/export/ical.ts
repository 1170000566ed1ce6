import type IcalModule from 'ical.js' with { 'resolution-mode': 'import' };

/**
 * ical.js, loaded through its CommonJS build (this package is CommonJS) and typed with the
 * declarations it ships, which describe only its ES module build: a plain `import` of it does
 * not type-check under `module: node16`.
 */
// The CommonJS build assigns the ICAL namespace object to module.exports.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof IcalModule;
export default ICAL;

export type IcalComponent = InstanceType<typeof ICAL.Component>;
export type IcalProperty = InstanceType<typeof ICAL.Property>;
