import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { HANG_GUARD_MS } from '../support/hang-guard';
import { HANDLERS } from '../../infra/constructs/function-specs';

/**
 * `npm run bench` is not run by the suite (its numbers are read, never asserted), but its report
 * is a contract docs/benchmarks.md and issues 14 and 24 rely on: one JSON object with every figure. This runs the
 * small `--quick` version and checks that every figure is there and is a measurement — a crash in
 * one section (the quick digest once sent nothing) or a renamed field fails here, not on the day
 * someone needs the numbers. Cold load reads the bundles of the last synth; without one, it synths.
 */
const ROOT = path.resolve(__dirname, '../..');

function isMeasurement(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

describe('the benchmark report', () => {
  beforeAll(() => {
    if (existsSync(path.join(ROOT, 'cdk.out', 'Rapport.template.json'))) return;
    const synth = spawnSync('npx', ['cdk', 'synth', '--quiet'], { cwd: ROOT, encoding: 'utf8', timeout: HANG_GUARD_MS });
    expect(synth.status).toBe(0);
  }, HANG_GUARD_MS);

  it(
    'prints one JSON object with every figure the issue names, each a number',
    () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--json'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: HANG_GUARD_MS,
        env: { ...process.env, AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1' },
      });
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>;

      const figures = (section: string, fields: string[]) =>
        fields.filter((field) => !isMeasurement(report[section]?.[field])).map((field) => `${section}.${field}`);
      expect([
        ...figures('parseInvite', ['rapportMedianMs', 'rapportP95Ms', 'baselineMedianMs']),
        ...figures('render', ['warmMs', 'compiledOncePeerMs', 'coldStartCpuMs', 'peerColdStartCpuMs']),
        ...figures('history', [
          'interviews',
          'prepBriefReadUnits',
          'thankYouReadUnits',
          'digestReadUnits',
          'exportMs',
          'exportBytes',
          'exportPeakMb',
          'digestPeakMb',
          'childBaselineMb',
        ]),
        ...figures('inboundBurst', ['oneUserP95Ms', 'manyUsersP95Ms']),
        ...figures('outboxPage', ['emails', 'pageMs', 'pageBytes', 'wholeOutboxMs', 'wholeOutboxBytes']),
      ]).toEqual([]);
      expect(isMeasurement(report.cliOutboxCpuMs)).toBe(true);
      expect(report.parseInvite?.files).toBeGreaterThan(0);
      // Per kind (issue 24): emails apart from bare .ics files, each against postal-mime + node-ical
      // and postal-mime + ical.js, as wall-clock and as CPU medians, with the load they ran under.
      const parseByKind = report.parseInvite as Record<string, Record<string, Record<string, unknown>>>;
      const parseFields = ['rapportMs', 'postalNodeIcalMs', 'postalIcalJsMs', 'slowerOn', 'slowerThanFasterPeerOn'];
      const missingParse = ['eml', 'ics'].flatMap((kind) => [
        ...parseFields.filter((field) => !isMeasurement(parseByKind[kind]?.[field])).map((field) => `${kind}.${field}`),
        ...parseFields.filter((field) => !isMeasurement(parseByKind[kind]?.cpu?.[field])).map((field) => `${kind}.cpu.${field}`),
      ]);
      expect(missingParse).toEqual([]);
      const emails = parseByKind.eml?.files as unknown as number;
      const calendars = parseByKind.ics?.files as unknown as number;
      expect([emails > 0, calendars > 0, emails + calendars]).toEqual([true, true, report.parseInvite?.files]);
      const load = report.parseInvite?.loadAverage as Record<string, unknown> | undefined;
      expect([isMeasurement(load?.start), isMeasurement(load?.end)]).toEqual([true, true]);
      // Every file, with each reader's median.
      const perFile = report.perFile as unknown as Record<string, unknown>[];
      expect(perFile).toHaveLength(emails + calendars);
      const unmeasured = perFile.filter(
        (row) => !['rapportMs', 'postalNodeIcalMs', 'postalIcalJsMs'].every((field) => isMeasurement(row[field])),
      );
      expect(unmeasured).toEqual([]);

      // Every function of the stack, each with its four cold-load figures.
      const coldLoad = report.coldLoad as Record<string, Record<string, unknown>>;
      expect(Object.keys(coldLoad).sort()).toEqual([...HANDLERS].sort());
      const missing = Object.entries(coldLoad).flatMap(([name, figure]) =>
        ['bytes', 'loadMs', 'sdkClientsOnlyMs', 'nodeEmptyMs']
          .filter((field) => !isMeasurement(figure[field]))
          .map((field) => `${name}.${field}`),
      );
      expect(missing).toEqual([]);
      const coldStart = report.coldStart as Record<string, Record<string, unknown>>;
      expect(Object.keys(coldStart).sort()).toEqual(Object.keys(coldLoad).sort());
      const missingColdStart = Object.entries(coldStart).flatMap(([name, figure]) =>
        ['initCpuMs', 'firstInvokeCpuMs', 'sdkPackagesOnlyCpuMs']
          .filter((field) => !isMeasurement(figure[field]))
          .map((field) => `${name}.${field}`),
      );
      expect(missingColdStart).toEqual([]);
      // A first event is handled after the init, in the same process: its CPU includes the init's.
      const handledBeforeInit = Object.entries(coldStart).filter(([, f]) => Number(f.firstInvokeCpuMs) <= Number(f.initCpuMs));
      expect(handledBeforeInit).toEqual([]);
    },
    HANG_GUARD_MS,
  );
});
