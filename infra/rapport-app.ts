import { App, type AppProps, Stack, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from './config';
import type { BundledFunction } from './bundle-report';
import { HANDLERS, SPECS } from './constructs/function-specs';
import { RapportStack } from './rapport-stack';

export const STACK_NAME = 'Rapport';

/**
 * Builds the app exactly as `cdk synth` does, so tests synthesize what gets deployed: the stack
 * and the cdk-nag AwsSolutions pack, which fails synthesis on any finding not acknowledged
 * (with a reason) beside the resource it concerns.
 */
export function createRapportApp(props: AppProps = {}, env: NodeJS.ProcessEnv = process.env) {
  // cfn-lint checks the template against the same resource schemas and more (`npm run synth`,
  // test/infra); the built-in pass only warns and costs seconds on every synthesis.
  const app = new App({ builtinCloudFormationValidation: false, ...props });
  const { config, usedPlaceholderDomain } = loadConfig((key) => app.node.tryGetContext(key), env);
  const stack = new RapportStack(app, config.stage ? `${STACK_NAME}-${config.stage}` : STACK_NAME, {
    config,
    usedPlaceholderDomain,
    description: 'Rapport: an email-driven assistant for informational interviews',
    env: { account: env.CDK_DEFAULT_ACCOUNT, region: env.CDK_DEFAULT_REGION },
  });
  // On every resource that takes tags: what it belongs to, for Cost Explorer and the console.
  Tags.of(stack).add('rapport:app', 'rapport');
  Tags.of(stack).add('rapport:stage', config.stage ?? 'default');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, config };
}

/** The functions whose bundles are measured after synthesis. */
export function bundledFunctions(stack: RapportStack): BundledFunction[] {
  return HANDLERS.map((handler) => ({
    name: handler,
    logicalId: Stack.of(stack).getLogicalId(stack.functions.byHandler[handler].node.defaultChild as never),
    forbiddenPackages: SPECS[handler].mustNotBundle,
  }));
}
