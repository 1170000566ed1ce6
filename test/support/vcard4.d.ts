/** The one call the export test makes of vcard4 (the package ships no declarations for its CommonJS build). */
declare module 'vcard4' {
  export interface ParsedProperty {
    group: string | null;
    property: string;
    parameters: Record<string, unknown>;
    value: unknown;
  }
  export function parse(vcard: string): { parsedVcard: ParsedProperty[] };
}
