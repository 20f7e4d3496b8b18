import { beforeAll, describe, expect, it } from 'vitest';

import type { ActionCatalog, CatalogAction } from './catalog.js';
import { createActionCatalog, loadActionCatalog } from './catalog-loader.js';

describe('loadActionCatalog', () => {
  let catalog: ActionCatalog;

  beforeAll(async () => {
    catalog = await loadActionCatalog();
  });

  it('records the data package version', () => {
    expect(catalog.version).toBe('0.21.202609261');
  });

  it('returns one instance per process', async () => {
    const [first, second] = await Promise.all([loadActionCatalog(), loadActionCatalog()]);

    expect(first).toBe(catalog);
    expect(second).toBe(catalog);
  });

  it('lists every service in order', () => {
    const services = catalog.services();

    expect(services.length).toBeGreaterThan(400);
    expect(services).toContain('s3');
    expect(services).toContain('execute-api');
    expect(services.toSorted()).toEqual(services);
  });

  it('lists every action', () => {
    const all = catalog.allActions();
    const perService = catalog
      .services()
      .reduce((sum, service) => sum + catalog.actionsOf(service).length, 0);

    expect(all.length).toBeGreaterThan(20_000);
    expect(all.length).toBe(perService);
  });

  it('looks actions up case-insensitively', () => {
    const action = catalog.action('S3:getOBJECT');

    expect(action?.service).toBe('s3');
    expect(action?.name).toBe('GetObject');
    expect(catalog.actionsOf('S3')).toBe(catalog.actionsOf('s3'));
  });

  it('returns nothing for unknown names', () => {
    expect(catalog.action('s3:NoSuchAction')).toBeUndefined();
    expect(catalog.action('nosuchservice:GetObject')).toBeUndefined();
    expect(catalog.action('GetObject')).toBeUndefined();
    expect(catalog.actionsOf('nosuchservice')).toEqual([]);
  });

  it('splits combined access levels', () => {
    expect(catalog.action('iam:AttachRolePolicy')?.accessLevels).toEqual([
      'Permissions management',
      'Write',
    ]);
    expect(catalog.action('iam:TagRole')?.accessLevels).toEqual(['Tagging', 'Write']);
    expect(catalog.action('s3:GetObject')?.accessLevels).toEqual(['Read']);
  });

  it('keeps resource types with their ARN formats', () => {
    const getObject = catalog.action('s3:GetObject');

    expect(getObject?.resourceTypes).toContainEqual({
      name: 'object',
      required: false,
      arnPatterns: ['arn:${Partition}:s3:::${BucketName}/${ObjectName}'],
    });
    expect(catalog.action('iam:PassRole')?.resourceTypes).toEqual([
      {
        name: 'role',
        required: true,
        arnPatterns: ['arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'],
      },
    ]);
  });

  it('marks actions without resource types', () => {
    const listBuckets = catalog.action('s3:ListAllMyBuckets');

    expect(listBuckets?.resourceTypes).toEqual([]);
    expect(listBuckets?.supportsResourceLevelPermissions).toBe(false);
    expect(catalog.action('s3:GetObject')?.supportsResourceLevelPermissions).toBe(true);
  });

  it('merges action and resource type condition keys', () => {
    const keys = catalog.action('ec2:RunInstances')?.conditionKeys ?? [];

    expect(keys).toContain('ec2:Region');
    expect(keys).toContain('ec2:IsLaunchTemplateResource');
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('freezes the shared lists', () => {
    const action = catalog.action('s3:GetObject') as CatalogAction;

    expect(() => catalog.allActions().push(action)).toThrow(TypeError);
    expect(() => action.accessLevels.push('Write')).toThrow(TypeError);
    expect(() => catalog.services().push('x')).toThrow(TypeError);
  });
});

describe('createActionCatalog', () => {
  const action: CatalogAction = {
    service: 'Demo',
    name: 'RunJob',
    accessLevels: ['Write'],
    resourceTypes: [],
    conditionKeys: [],
    supportsResourceLevelPermissions: false,
  };

  it('indexes by lower-case service and action', () => {
    const catalog = createActionCatalog('test', [action]);

    expect(catalog.version).toBe('test');
    expect(catalog.services()).toEqual(['demo']);
    expect(catalog.action('DEMO:runjob')).toBe(action);
    expect(catalog.allActions()).toEqual([action]);
  });
});
