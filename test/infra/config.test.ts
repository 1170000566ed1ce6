import { InvalidConfigError, loadConfig, PLACEHOLDER_DOMAIN } from '../../infra/config';

const noContext = () => undefined;

describe('stack configuration', () => {
  it('uses the placeholder domain and the defaults when nothing is configured, and says so', () => {
    const { config, usedPlaceholderDomain } = loadConfig(noContext, {});
    expect(usedPlaceholderDomain).toBe(true);
    expect(config).toEqual({ domain: PLACEHOLDER_DOMAIN, allowedSenders: [], rawMailRetentionDays: 30, tracing: false, logLevel: 'INFO' });
  });

  it('prefers CDK context to the environment', () => {
    const context: Record<string, unknown> = { domain: 'Mail.Example.ORG', rawMailRetentionDays: 7 };
    const { config, usedPlaceholderDomain } = loadConfig((key) => context[key], {
      RAPPORT_DOMAIN: 'other.example.com',
      RAPPORT_RAW_MAIL_RETENTION_DAYS: '90',
      RAPPORT_HOSTED_ZONE_ID: 'Z0123456789ABC',
    });
    expect(usedPlaceholderDomain).toBe(false);
    expect(config).toMatchObject({ domain: 'mail.example.org', rawMailRetentionDays: 7, hostedZoneId: 'Z0123456789ABC' });
  });

  it('takes a stage and the operator address from the environment, and refuses a stage that cannot name resources', () => {
    const { config } = loadConfig(noContext, { RAPPORT_STAGE: 'staging', RAPPORT_OPERATOR_EMAIL: 'help@example.org' });
    expect(config).toMatchObject({ stage: 'staging', operatorEmail: 'help@example.org' });
    expect(() => loadConfig(noContext, { RAPPORT_STAGE: 'Prod_1' })).toThrow(/stage/);
  });

  it('reads allowed senders as a comma list of addresses and domains, lower-cased', () => {
    const { config } = loadConfig(noContext, { RAPPORT_ALLOWED_SENDERS: ' Ann@Example.org ,@corp.example, partner.example,' });
    expect(config.allowedSenders).toEqual(['ann@example.org', 'corp.example', 'partner.example']);
  });

  it('turns tracing on from a context value or the environment, and reads the log level in any case', () => {
    expect(loadConfig((key) => ({ tracing: true, logLevel: 'debug' })[key as string], {}).config).toMatchObject({
      tracing: true,
      logLevel: 'DEBUG',
    });
    expect(loadConfig(noContext, { RAPPORT_TRACING: 'true', RAPPORT_LOG_LEVEL: 'warn' }).config).toMatchObject({
      tracing: true,
      logLevel: 'WARN',
    });
    expect(loadConfig(noContext, { RAPPORT_TRACING: 'false' }).config.tracing).toBe(false);
    expect(() => loadConfig(noContext, { RAPPORT_TRACING: 'yes' })).toThrow(/tracing/);
    expect(() => loadConfig(noContext, { RAPPORT_LOG_LEVEL: 'verbose' })).toThrow(/logLevel/);
  });

  it('refuses a configuration that would deploy a broken stack, naming every problem', () => {
    const context: Record<string, unknown> = {
      domain: 'not a domain',
      allowedSenders: 'ok@example.org,not-an-address',
      rawMailRetentionDays: 0,
      alarmEmail: 'nobody',
    };
    expect(() => loadConfig((key) => context[key], {})).toThrow(InvalidConfigError);
    expect(() => loadConfig((key) => context[key], {})).toThrow(/domain[\s\S]*allowedSenders[\s\S]*rawMailRetentionDays[\s\S]*alarmEmail/);
  });
});
