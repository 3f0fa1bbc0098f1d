import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthTestStack, type TestStack } from './synth-test-stack.ts';

interface Acknowledgement {
  id: string;
  reason: string;
  path: string;
}

// CDK stores `Validations.acknowledge` ids with this prefix for rules of plugins like cdk-nag.
const ANNOTATION_PREFIX = 'Annotation::';

function nagAcknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({
        id: id.replace(ANNOTATION_PREFIX, ''),
        reason,
        path: construct.node.path,
      }))
      .filter((ack) => ack.id.startsWith('AwsSolutions-')),
  );
}

/** The AwsSolutions findings as if nothing were acknowledged. */
function rawFindings(root: IConstruct) {
  const pack = new AwsSolutionsChecks();
  (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  return pack.validateScope(root).violations;
}

let built: TestStack;
beforeAll(() => {
  built = synthTestStack();
}, 180_000);

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding', () => {
    const result = new AwsSolutionsChecks().validateScope(built.app);
    expect(
      result.violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`),
    ).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('checks the app for real: without acknowledgements there are findings', () => {
    expect(rawFindings(built.app).length, 'the pack ran over our resources').toBeGreaterThan(0);
  });

  it('gives every acknowledgement an exact finding id and a reason', () => {
    const acks = nagAcknowledgements(built.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[[^\]]+\])?$/);
      expect(ack.reason.length, `${ack.id} at ${ack.path} needs a reason`).toBeGreaterThanOrEqual(
        20,
      );
    }
  });

  it('acknowledges only findings that exist on the acknowledged construct', () => {
    const findings = rawFindings(built.app);
    for (const ack of nagAcknowledgements(built.app)) {
      const matching = findings
        .filter((f) => f.ruleName === ack.id)
        .flatMap((f) => f.violatingResources.map((r) => r.constructPath))
        .filter((path = '') => path === ack.path || path.startsWith(`${ack.path}/`));
      expect(matching.length, `${ack.id} at ${ack.path} suppresses nothing`).toBeGreaterThan(0);
    }
  });

  it('lets the CDK synth of the app pass policy validation', () => {
    expect(() => built.app.synth()).not.toThrow();
  });
});
