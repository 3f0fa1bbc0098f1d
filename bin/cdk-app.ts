import { App } from 'aws-cdk-lib';
import { AftershockStack } from '../lib/aftershock-stack.ts';

const app = new App();
new AftershockStack(app, 'Aftershock', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
