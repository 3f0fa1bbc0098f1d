import { App } from 'aws-cdk-lib';
import { addAftershockStack } from '../lib/aftershock-app.ts';

// Environment-agnostic unless the CLI knows an account: synth needs no credentials or lookups.
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
addAftershockStack(new App(), account && region ? { env: { account, region } } : {});
