// The test tiers, one table: jest.config.js makes a project of each, package.json runs each by its
// script, .ci/run runs every one (test/unit/test-tiers.test.ts checks all three agree), and
// docs/testing.md describes them. A test file's tier is the folder it sits in under test/.

/** @type {import('./tiers').TIERS} */
const TIERS = {
  fast: { folders: ['unit', 'integration'], needs: [], script: 'test', about: 'unit tests; workflows and the Store contract on dynalite' },
  e2e: { folders: ['e2e'], needs: ['corpus'], script: 'test:e2e', about: 'the local runtime (npm start) over SMTP, the rapport CLI' },
  moto: { folders: ['moto'], needs: ['moto', 'corpus'], script: 'test:moto', about: 'AWS adapters and the Lambda handlers on moto_server' },
  faults: { folders: ['faults'], needs: ['moto'], script: 'test:faults', about: 'a fault at every port call, on dynalite and on moto' },
  fuzz: { folders: ['fuzz'], needs: ['corpus'], script: 'test:fuzz', about: 'seeded structural mutations of the corpus invitations' },
  bench: {
    folders: ['bench'],
    needs: ['corpus', 'moto'],
    script: 'test:bench',
    about: 'the bench report (--quick; first invocations on moto_server) and the read budget',
  },
  infra: {
    folders: ['infra'],
    needs: ['cfn-lint'],
    script: 'test:infra',
    about: 'cdk synth: the template, cdk-nag, cfn-lint, the bundles',
  },
  browser: {
    folders: ['browser'],
    needs: ['chromium'],
    script: 'test:browser',
    about: 'every email and the outbox page in headless Chromium at phone and desktop widths',
  },
  corpus: {
    folders: ['corpus'],
    needs: ['corpus'],
    script: 'test:corpus',
    about: 'the reader and the workflows on the real emails of the corpus',
  },
};

module.exports = { TIERS };
