import path from 'node:path';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type * as z from 'zod';
import { configSchema } from '../../lambdas/config.ts';
import {
  type LambdaSettings,
  type LambdaSettingsFor,
  lambdaEnvironment,
  runtimeEnvironment,
} from '../lambda-environment.ts';
import { type BundlePayload, bundleCopyCommands } from './bundle-payload.ts';

/** Repository root: entries, `templates/` and `node_modules/` are found from here. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The Lambda runtime: the newest Node.js aws-cdk-lib offers. */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

/**
 * Left out of every bundle: the canvas is a native module copied as a package into the report
 * functions only (see bundle-payload.ts); and ccxt's base class lazily imports protobuf codecs
 * (dYdX, MEXC) that need the uninstalled protobufjs — left as lazy imports, they are never
 * loaded for the collector's venues.
 *
 * The AWS SDK is bundled, not taken from the runtime: the functions then run the SDK version
 * the tests ran, and one minified file loads faster than the runtime's hundreds of modules
 * (the collector's cold import fell from ~300 ms to ~220 ms; see `npm run bench`).
 */
export const EXTERNAL_MODULES = [
  '@napi-rs/canvas',
  '../static_dependencies/dydx-v4-client/registry.js',
  '../static_dependencies/dydx-v4-client/cosmos/tx/v1beta1/tx.js',
  '../static_dependencies/dydx-v4-client/cosmos/tx/signing/v1beta1/signing.js',
  '../protobuf/mexc/compiled.cjs',
];

/** Prefer packages' ESM builds, so esbuild can drop what a function does not use. */
export const BUNDLE_MAIN_FIELDS = ['module', 'main'];

/** ESM output still meets CommonJS dependencies that call require() for built-ins. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __aftershockRequire } from 'node:module'; const require = __aftershockRequire(import.meta.url);";

/** One function: its handler file, its settings and what travels with its code. */
export interface AftershockFunctionProps {
  /** Handler file relative to the repository root, e.g. `lambdas/handlers/send-handler.ts`. */
  entry: string;
  /** Short role name; the Powertools service is `aftershock-<service>`. */
  service: string;
  description: string;
  /**
   * The zod schema the handler validates its environment with (as ISB types each function by
   * its environment schema): `settings` are checked against it at synth. Default: the whole
   * config schema, every AWS key optional. {@link typedFunction} also types `settings` by it.
   */
  configSchema?: z.ZodType;
  settings: LambdaSettings;
  timeout: Duration;
  memorySizeMb: number;
  /** Extra files next to the bundle. */
  payload: BundlePayload;
  /**
   * Concurrency reserved for (and capping) this function: public endpoints get a few, so a
   * flood can neither run up the bill nor starve the account's other functions. Unset: none.
   */
  reservedConcurrency?: number;
}

/**
 * A Node.js function bundled with the local esbuild (no Docker), ESM, with its own
 * log group and a role that may only write to that log group until grants are added.
 */
export class AftershockFunction extends Construct {
  public readonly fn: NodejsFunction;
  public readonly role: Role;
  public readonly serviceName: string;

  public constructor(scope: Construct, id: string, props: AftershockFunctionProps) {
    super(scope, id);
    this.serviceName = `aftershock-${props.service}`;
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: logs only to this function's group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${this.serviceName}`,
    });
    logGroup.grantWrite(this.role);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      // The canvas binary installed here is linux-x64; the others run on cheaper Graviton.
      architecture: props.payload === 'report' ? Architecture.X86_64 : Architecture.ARM_64,
      memorySize: props.memorySizeMb,
      timeout: props.timeout,
      role: this.role,
      logGroup,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      environment: {
        ...runtimeEnvironment(this.serviceName),
        ...lambdaEnvironment(props.settings, props.configSchema ?? configSchema),
      },
      ...(props.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        mainFields: BUNDLE_MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        externalModules: EXTERNAL_MODULES,
        environment: { npm_config_prefer_offline: 'true' },
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) =>
            bundleCopyCommands(props.payload, PROJECT_ROOT, outputDir),
        },
      },
    });
  }
}

/**
 * An {@link AftershockFunction} whose settings are typed by its handler's environment schema:
 * an `aws` key the schema requires is required in `settings` (a compile error in lib/ when left
 * out) and checked again at synth.
 *
 * @example
 * typedFunction(this, 'Subscribe', { configSchema: subscribeFunctionConfigSchema, settings: { aws: { rateLimitTable, … } }, … });
 */
export function typedFunction<S extends z.ZodType>(
  scope: Construct,
  id: string,
  props: Omit<AftershockFunctionProps, 'configSchema' | 'settings'> & {
    configSchema: S;
    settings: LambdaSettingsFor<S>;
  },
): AftershockFunction {
  return new AftershockFunction(scope, id, props);
}
