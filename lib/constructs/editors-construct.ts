import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** What editors may call. */
export interface EditorsConstructProps {
  report: IFunction;
}

/**
 * The editors' managed policy: `lambda:InvokeFunction` on the report function and
 * nothing else, so `aftershock adhoc` works with an editor's own credentials.
 */
export class EditorsConstruct extends Construct {
  public readonly policy: ManagedPolicy;

  public constructor(scope: Construct, id: string, props: EditorsConstructProps) {
    super(scope, id);
    this.policy = new ManagedPolicy(this, 'Policy', {
      description: 'Aftershock editors: invoke the report function (aftershock adhoc)',
      statements: [
        new PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: [props.report.functionArn],
        }),
      ],
    });
  }
}
