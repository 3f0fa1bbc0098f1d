import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { FunctionUrlOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IFunctionUrl } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_SECRET_HEADER } from '../../lambdas/handlers/http/origin-guard.ts';
import { acknowledge } from '../nag-acknowledge.ts';

/**
 * The pages' Content-Security-Policy: everything from the site itself, images also as
 * `data:` URIs; no scripts at all. The subscribe form posts to `/api/subscribe` on the
 * same origin (CloudFront routes it to the function URL), so `'self'` covers form-action.
 */
export const SITE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "img-src 'self' data:",
  "style-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Clean URLs: `/reports/x/` and `/reports/x` are served from `…/index.html`.
const CLEAN_URL_REWRITE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) request.uri = uri + 'index.html';
  else if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) request.uri = uri + '/index.html';
  return request;
}`;

/** A path on the site answered by a Lambda function URL instead of the bucket. */
export interface ApiRoute {
  pathPattern: string;
  url: IFunctionUrl;
  /**
   * True for an `AWS_IAM` URL that CloudFront signs (origin access control). Only for GET-only
   * endpoints: OAC for function URLs needs the viewer to send `x-amz-content-sha256` of a POST
   * body, which a browser form or a mail provider's one-click POST never does.
   */
  signed: boolean;
}

/**
 * What CloudFront forwards to the API functions: the headers they read (the body's type, the
 * wanted answer, the CORS request headers) and the viewer's address for the per-client limit.
 * Host stays out (a function URL answers only to its own), and so do cookies.
 */
const API_FORWARDED_HEADERS = [
  'Accept',
  'Content-Type',
  'Origin',
  'Access-Control-Request-Method',
  'Access-Control-Request-Headers',
  'CloudFront-Viewer-Address',
];

/** Settings of the site. */
export interface SiteConstructProps {
  domainName: string;
  certificateArn: string;
  /** `/api/subscribe`, `/api/confirm`, `/api/unsubscribe`, `/api/preferences` → their function URLs. */
  apiRoutes: readonly ApiRoute[];
  /** Sent as the origin header on every API request; the functions refuse requests without it. */
  originSecret: ISecret;
  /** Receives S3 server access logs and CloudFront standard logs. */
  accessLogs: IBucket;
}

/** The static blog: a private bucket behind CloudFront with origin access control. */
export class SiteConstruct extends Construct {
  /** Bucket holding `index.html`, `reports/…`, feeds and sitemap. */
  public readonly bucket: Bucket;
  public readonly distribution: Distribution;
  /** `https://<domain>`, the site's origin for links and CORS. */
  public readonly origin: string;

  public constructor(scope: Construct, id: string, props: SiteConstructProps) {
    super(scope, id);
    this.origin = `https://${props.domainName}`;
    this.bucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'site-bucket/',
      // Old versions only guard against a bad publish; a month is enough to roll back.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      // Published reports are the product; losing them on stack deletion is never intended.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const headers = this.securityHeaders();
    const apiRequests = new OriginRequestPolicy(this, 'ApiRequests', {
      comment: 'Aftershock API: the headers the functions read, and the viewer address',
      headerBehavior: OriginRequestHeaderBehavior.allowList(...API_FORWARDED_HEADERS),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      cookieBehavior: OriginRequestCookieBehavior.none(),
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Aftershock blog',
      defaultRootObject: 'index.html',
      domainNames: [props.domainName],
      certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new EdgeFunction(this, 'CleanUrls', {
              code: FunctionCode.fromInline(CLEAN_URL_REWRITE),
              runtime: FunctionRuntime.JS_2_0,
              comment: 'Rewrites …/ to …/index.html',
            }),
          },
        ],
      },
      additionalBehaviors: Object.fromEntries(
        props.apiRoutes.map((route) => [
          route.pathPattern,
          {
            origin: this.apiOrigin(route, props.originSecret),
            viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            allowedMethods: AllowedMethods.ALLOW_ALL,
            cachePolicy: CachePolicy.CACHING_DISABLED,
            originRequestPolicy: apiRequests,
            responseHeadersPolicy: headers,
          },
        ]),
      ),
      errorResponses: [
        // With OAC a missing key answers 403 (no ListBucket), so both mean "not found".
        { httpStatus: 403, responseHttpStatus: 404, responsePagePath: '/404.html' },
        { httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/404.html' },
      ],
    });
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'A public blog for readers worldwide; no country is excluded.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'No WAF: the rest is static S3 content; the three API paths are limited in code: per client network and per mailbox counters in DynamoDB, reserved concurrency on each function, and the functions answer only requests through CloudFront (OAC, or the origin secret header). A web ACL with a rate rule (about $6/month plus requests) would repeat the first limit.',
    );
  }

  /**
   * The origin of one API path: the function URL, with the origin secret header CloudFront
   * adds to every request (resolved from Secrets Manager at deploy time), signed with origin
   * access control where the route allows it.
   */
  private apiOrigin(route: ApiRoute, originSecret: ISecret) {
    const customHeaders = { [ORIGIN_SECRET_HEADER]: originSecret.secretValue.unsafeUnwrap() };
    return route.signed
      ? FunctionUrlOrigin.withOriginAccessControl(route.url, { customHeaders })
      : new FunctionUrlOrigin(route.url, { customHeaders });
  }

  private securityHeaders(): ResponseHeadersPolicy {
    return new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Aftershock security headers',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: SITE_CONTENT_SECURITY_POLICY,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });
  }
}
