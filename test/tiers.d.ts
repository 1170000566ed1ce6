/** What a test tier needs beyond Node and `npm ci` (test/support/tier-needs.ts says how to get each). */
export type Need = 'corpus' | 'moto' | 'cfn-lint' | 'chromium';

export interface Tier {
  /** Its folders under test/: every *.test.ts there is in this tier. */
  folders: string[];
  needs: Need[];
  /** The npm script that runs it. */
  script: string;
  about: string;
}

export declare const TIERS: Record<string, Tier>;
