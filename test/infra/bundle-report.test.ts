import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { reportBundles } from '../../infra/bundle-report';

/** A cloud assembly with one function asset holding `code` bytes built from `sources`. */
function assemblyWith(code: number, sources: string[]) {
  const assemblyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bundle-'));
  const assetDir = path.join(assemblyDir, 'asset.abc123');
  fs.mkdirSync(assetDir);
  fs.writeFileSync(path.join(assetDir, 'index.js'), 'x'.repeat(code));
  fs.writeFileSync(path.join(assetDir, 'index.js.map'), JSON.stringify({ version: 3, sources, mappings: '' }));
  const template = { Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Key: 'abc123.zip' } } } } };
  return { assemblyDir, template, functions: [{ name: 'reminder', logicalId: 'Fn' }], devDependencies: ['jest', '@swc/core'] };
}

describe('function bundle check', () => {
  it('accepts a small bundle of runtime code and dependencies', () => {
    const [report] = reportBundles(assemblyWith(1000, ['../../functions/handlers/reminder.ts', '../../node_modules/luxon/src/luxon.js']));
    expect(report).toMatchObject({ name: 'reminder', codeBytes: 1000, problems: [] });
  });

  it('rejects a bundle over budget', () => {
    const [report] = reportBundles({ ...assemblyWith(2048, []), limitBytes: 1024 });
    expect(report?.problems).toEqual([expect.stringMatching(/over the 1.0 KB budget/)]);
  });

  it('rejects MJML, the AWS SDK, dev dependencies and test code inside a bundle', () => {
    const [report] = reportBundles(
      assemblyWith(10, [
        '../../node_modules/mjml-core/lib/index.js',
        '../../node_modules/@aws-sdk/client-s3/dist-es/index.js',
        '../../node_modules/@swc/core/index.js',
        '../../test/unit/fixtures.ts',
        '../../node_modules/some-lib/test/helper.js',
      ]),
    );
    expect(report?.problems).toEqual([
      expect.stringContaining('mjml-core'),
      expect.stringContaining('@aws-sdk/client-s3'),
      expect.stringContaining('@swc/core'),
      expect.stringContaining('../../test/unit/fixtures.ts'),
    ]);
  });

  it('rejects a package that is forbidden in that function only, naming the function', () => {
    const assembly = assemblyWith(10, [
      '../../functions/handlers/inbound-email.ts',
      '../../node_modules/chrono-node/dist/esm/index.js',
      '../../node_modules/luxon/src/luxon.js',
    ]);
    const [inInbound] = reportBundles({
      ...assembly,
      functions: [{ name: 'inbound-email', logicalId: 'Fn', forbiddenPackages: ['chrono-node'] }],
    });
    const [elsewhere] = reportBundles({ ...assembly, functions: [{ name: 'process-inbound', logicalId: 'Fn' }] });
    expect(inInbound?.problems).toEqual(['bundles chrono-node, which must not be in inbound-email']);
    expect(elsewhere?.problems).toEqual([]);
  });
});
