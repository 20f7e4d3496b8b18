import { readFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import type { ActionCatalog } from './catalog.js';
import { createActionCatalog, loadActionCatalog } from './catalog-loader.js';
import { resourceTypesOf } from './resource-type.js';

interface ResourceTypeCase {
  name: string;
  arn: string;
  action?: string;
  /** Every detected type name, in order. */
  expected?: string[];
  /** `required` of each detected type, when the case checks it. */
  required?: boolean[];
  /** Names that must be detected, for ARNs that fit several services' identical formats. */
  includes?: string[];
  excludes?: string[];
}

const cases = JSON.parse(
  readFileSync(new URL('../../test-cases/matching/resource-types.json', import.meta.url), 'utf8'),
) as ResourceTypeCase[];

describe('resourceTypesOf with the AWS catalog', () => {
  let catalog: ActionCatalog;

  beforeAll(async () => {
    catalog = await loadActionCatalog();
  });

  it.each(cases)('$name', ({ arn, action, expected, required, includes, excludes }) => {
    const detected = resourceTypesOf(arn, catalog, action);
    const names = detected.map((resourceType) => resourceType.name);

    if (expected !== undefined) {
      expect(names).toEqual(expected);
    }
    if (required !== undefined) {
      expect(detected.map((resourceType) => resourceType.required)).toEqual(required);
    }
    for (const name of includes ?? []) {
      expect(names).toContain(name);
    }
    for (const name of excludes ?? []) {
      expect(names).not.toContain(name);
    }
  });

  it("returns the action's own objects", () => {
    const getObject = catalog.action('s3:GetObject');
    const [detected] = resourceTypesOf('arn:aws:s3:::b/k', catalog, 's3:GetObject');

    expect(getObject?.resourceTypes).toContain(detected);
  });

  it('returns required false without an action', () => {
    const detected = resourceTypesOf('arn:aws:iam::111122223333:role/deploy', catalog);

    expect(detected.length).toBeGreaterThan(0);
    expect(detected.every((resourceType) => !resourceType.required)).toBe(true);
  });
});

describe('resourceTypesOf with a small catalog', () => {
  const catalog = createActionCatalog('test', [
    {
      service: 'shop',
      name: 'GetCart',
      accessLevels: ['Read'],
      resourceTypes: [
        {
          name: 'cart',
          required: true,
          arnPatterns: ['arn:${Partition}:shop:${Region}:${Account}:cart/${CartId}'],
        },
        {
          name: 'cart-item',
          required: false,
          arnPatterns: ['arn:${Partition}:shop:${Region}:${Account}:cart/${CartId}/item/${ItemId}'],
        },
      ],
      conditionKeys: [],
      supportsResourceLevelPermissions: true,
    },
    {
      service: 'shop',
      name: 'DeleteCart',
      accessLevels: ['Write'],
      resourceTypes: [
        {
          name: 'cart',
          required: true,
          arnPatterns: ['arn:${Partition}:shop:${Region}:${Account}:cart/${CartId}'],
        },
      ],
      conditionKeys: [],
      supportsResourceLevelPermissions: true,
    },
    {
      service: 'shop',
      name: 'ListCatalog',
      accessLevels: ['List'],
      resourceTypes: [
        {
          name: 'catalog',
          required: false,
          arnPatterns: ['arn:${Partition}:shop:us-west-2:*:catalog/*'],
        },
      ],
      conditionKeys: [],
      supportsResourceLevelPermissions: true,
    },
  ]);

  it('prefers the format without separators in placeholders', () => {
    const names = resourceTypesOf(
      'arn:aws:shop:eu-west-1:111122223333:cart/c1/item/i9',
      catalog,
    ).map((resourceType) => resourceType.name);

    expect(names).toEqual(['cart-item']);
  });

  it('ranks only the action types', () => {
    const forGetCart = resourceTypesOf(
      'arn:aws:shop:eu-west-1:111122223333:cart/c1/item/i9',
      catalog,
      'shop:GetCart',
    );
    const forDeleteCart = resourceTypesOf(
      'arn:aws:shop:eu-west-1:111122223333:cart/c1/item/i9',
      catalog,
      'shop:DeleteCart',
    );

    expect(forGetCart.map((resourceType) => resourceType.name)).toEqual(['cart-item']);
    expect(forDeleteCart.map((resourceType) => resourceType.name)).toEqual(['cart']);
  });

  it('honours literal regions and star segments in formats', () => {
    const inRegion = resourceTypesOf(
      'arn:aws:shop:us-west-2:111122223333:catalog/books/2026',
      catalog,
    );
    const otherRegion = resourceTypesOf(
      'arn:aws:shop:us-east-1:111122223333:catalog/books',
      catalog,
    );

    expect(inRegion.map((resourceType) => resourceType.name)).toEqual(['catalog']);
    expect(otherRegion).toEqual([]);
  });
});
