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
  OriginRequestPolicy,
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
import { Construct } from 'constructs';
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
}

/** Settings of the site. */
export interface SiteConstructProps {
  domainName: string;
  certificateArn: string;
  /** `/api/subscribe`, `/api/confirm`, `/api/unsubscribe` → their function URLs. */
  apiRoutes: readonly ApiRoute[];
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
            origin: new FunctionUrlOrigin(route.url),
            viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            allowedMethods: AllowedMethods.ALLOW_ALL,
            cachePolicy: CachePolicy.CACHING_DISABLED,
            originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
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
      'Static pages and three rate-limited-by-design subscription endpoints; WAF would cost more than the whole stack.',
    );
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
