import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type FunctionUrl, FunctionUrlAuthType, HttpMethod } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { HandlerEntries } from '../handler-entries.ts';
import type { LambdaSettings } from '../lambda-environment.ts';
import { AftershockFunction } from './aftershock-function.ts';
import type { MailingConstruct } from './mailing-construct.ts';
import type { ApiRoute } from './site-construct.ts';

/** Settings of the public subscription endpoints. */
export interface SubscriptionApiConstructProps {
  entries: Pick<HandlerEntries, 'subscribe' | 'confirm' | 'unsubscribe'>;
  subscribers: Table;
  mailing: MailingConstruct;
  settings: LambdaSettings;
  /** `https://<site domain>`: the only origin a browser may call the URLs from. */
  siteOrigin: string;
}

type Endpoint = 'subscribe' | 'confirm' | 'unsubscribe';

const DESCRIPTIONS: Record<Endpoint, string> = {
  subscribe: 'Starts a double opt-in subscription',
  confirm: 'Confirms a subscription from the emailed link',
  unsubscribe: 'Unsubscribes from a link or a one-click List-Unsubscribe POST',
};

/**
 * subscribe / confirm / unsubscribe, each behind a Lambda function URL that CloudFront
 * serves as `/api/<name>` on the site's own domain. The URLs are public (auth NONE):
 * readers have no AWS credentials; the handlers validate input and HMAC tokens.
 */
export class SubscriptionApiConstruct extends Construct {
  public readonly functions: Record<Endpoint, AftershockFunction>;
  public readonly urls: Record<Endpoint, FunctionUrl>;

  public constructor(scope: Construct, id: string, props: SubscriptionApiConstructProps) {
    super(scope, id);
    const endpoints: Endpoint[] = ['subscribe', 'confirm', 'unsubscribe'];
    const built = endpoints.map((name) => [name, this.endpoint(name, props)] as const);
    this.functions = Object.fromEntries(built.map(([name, b]) => [name, b.fn])) as Record<
      Endpoint,
      AftershockFunction
    >;
    this.urls = Object.fromEntries(built.map(([name, b]) => [name, b.url])) as Record<
      Endpoint,
      FunctionUrl
    >;
    props.mailing.grantSend(this.functions.subscribe.role);
  }

  /** CloudFront behaviours for the site: `/api/<name>` → function URL. */
  public routes(): ApiRoute[] {
    return Object.entries(this.urls).map(([name, url]) => ({ pathPattern: `/api/${name}`, url }));
  }

  private endpoint(name: Endpoint, props: SubscriptionApiConstructProps) {
    const fn = new AftershockFunction(this, name[0]?.toUpperCase() + name.slice(1), {
      entry: props.entries[name],
      service: name,
      description: DESCRIPTIONS[name],
      settings: props.settings,
      timeout: Duration.seconds(10),
      memorySizeMb: 256,
      payload: 'templates',
    });
    props.subscribers.grantReadWriteData(fn.role);
    props.mailing.tokenSecret.grantRead(fn.role);
    const url = fn.fn.addFunctionUrl({
      authType: FunctionUrlAuthType.NONE,
      cors: {
        allowedOrigins: [props.siteOrigin],
        allowedMethods: [HttpMethod.GET, HttpMethod.POST],
        allowedHeaders: ['content-type'],
        maxAge: Duration.hours(1),
      },
    });
    return { fn, url };
  }
}
