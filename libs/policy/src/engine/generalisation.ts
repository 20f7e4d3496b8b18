import { canonicalJson, compareText, sortedUnique } from '../canonical.js';
import type { NormalisedStatementCondition } from '../condition.js';
import type { NormalisedStatementPrincipal } from '../principal.js';

import type { ActionCatalog, CatalogAction } from './catalog.js';
import { resourcePatternCovers } from './expansion-pattern.js';
import { parentPatternOf, type ParentPattern } from './generalisation-parent.js';
import { escapeResourceLiteral } from './resource-literal.js';

export type GeneralisationStrategy = 'exact' | 'wildcard-per-resource-type' | 'service-level';

/**
 * Strategy that synthesis uses to widen resources:
 * - `exact` writes every resource as observed, escaped by `escapeResourceLiteral`.
 * - `wildcard-per-resource-type` replaces the resources of one action under one parent
 *   (such as the objects of one bucket) with the parent's wildcard (`arn:aws:s3:::bucket/*`)
 *   when there are more than `threshold` of them.
 * - `service-level` writes `"*"` as the resource of every action. Actions are never widened
 *   (no `s3:*`), because that would grant actions the history never showed.
 */
export type GeneralisationOption =
  'exact' | { strategy: 'wildcard-per-resource-type'; threshold: number } | 'service-level';

export interface SynthesisOptions {
  /** `exact` when omitted. */
  generalisation?: GeneralisationOption;
  /**
   * Catalog that decides the resource types of each action. With it, actions without
   * resource-level permissions always get `"*"`, whatever the strategy.
   */
  catalog?: ActionCatalog;
}

export type ReplacementReason =
  'threshold-exceeded' | 'service-level' | 'no-resource-level-permissions';

/** Evidence for one widened resource: the pattern written and the resources it replaced. */
export interface ResourceReplacement {
  /** The action as the document spells it. */
  action: string;
  /** The resource as the document writes it: `*` or a parent pattern with escaped literal text. */
  pattern: string;
  /** The observed resources, unescaped. */
  replaces: string[];
  reason: ReplacementReason;
  /** Catalog resource type whose ARN format gave the parent, for `threshold-exceeded`. */
  resourceType?: string;
  principal?: NormalisedStatementPrincipal;
  condition?: NormalisedStatementCondition;
}

/** The generalisation that produced a document, with the evidence for every widened resource. */
export interface GeneralisationReport {
  strategy: GeneralisationStrategy;
  threshold?: number;
  /** Version of the catalog used, absent when synthesis ran without one. */
  catalogVersion?: string;
  replacements: ResourceReplacement[];
  /** Actions the catalog does not list. Their parents come from the ARN text alone. */
  unknownActions: string[];
}

export interface GeneralisationScope {
  principal?: NormalisedStatementPrincipal;
  condition?: NormalisedStatementCondition;
}

/** Invalid synthesis options, such as a negative or fractional threshold. */
export class InvalidSynthesisOptionsError extends Error {
  readonly code = 'INVALID_SYNTHESIS_OPTIONS';
  override readonly name = 'InvalidSynthesisOptionsError';

  constructor(readonly option: unknown) {
    super(
      `Invalid generalisation option ${JSON.stringify(option)}. Use 'exact', 'service-level' ` +
        "or { strategy: 'wildcard-per-resource-type', threshold: N } with N a whole number >= 0.",
    );
  }
}

export function isInvalidSynthesisOptionsError(
  error: unknown,
): error is InvalidSynthesisOptionsError {
  return error instanceof InvalidSynthesisOptionsError;
}

/**
 * Rewrites the observed resources of each action in a synthesis scope into document
 * resources and collects the evidence. Every observed resource is a literal, escaped by
 * `escapeResourceLiteral`, except `"*"`, and only the patterns this class creates contain
 * wildcards. One instance serves one synthesis, so the report covers every scope of the
 * document.
 */
export class ResourceGeneraliser {
  private readonly strategy: GeneralisationStrategy;
  private readonly threshold: number | undefined;
  private readonly catalog: ActionCatalog | undefined;
  private readonly replacements: ResourceReplacement[] = [];
  private readonly unknownActions = new Set<string>();

  constructor(options: SynthesisOptions = {}) {
    const option = options.generalisation ?? 'exact';
    this.catalog = options.catalog;

    if (option === 'exact' || option === 'service-level') {
      this.strategy = option;
      return;
    }

    if (
      typeof option !== 'object' ||
      option === null ||
      option.strategy !== 'wildcard-per-resource-type' ||
      !Number.isSafeInteger(option.threshold) ||
      option.threshold < 0
    ) {
      throw new InvalidSynthesisOptionsError(option);
    }

    this.strategy = option.strategy;
    this.threshold = option.threshold;
  }

  /**
   * Returns the document resources of each action, generalised and escaped. The input map
   * contains observed resources and is not changed.
   */
  generalise(
    resourcesByAction: ReadonlyMap<string, ReadonlySet<string>>,
    scope: GeneralisationScope,
  ): Map<string, Set<string>> {
    const generalised = new Map<string, Set<string>>();

    for (const [action, resources] of resourcesByAction) {
      generalised.set(action, this.generaliseAction(action, resources, scope));
    }

    return generalised;
  }

  report(): GeneralisationReport {
    return {
      strategy: this.strategy,
      ...(this.threshold === undefined ? {} : { threshold: this.threshold }),
      ...(this.catalog === undefined ? {} : { catalogVersion: this.catalog.version }),
      replacements: this.replacements
        .map((replacement) => ({ replacement, order: canonicalJson(replacement) }))
        .toSorted((left, right) => compareText(left.order, right.order))
        .map(({ replacement }) => replacement),
      unknownActions: sortedUnique(this.unknownActions),
    };
  }

  private generaliseAction(
    action: string,
    resources: ReadonlySet<string>,
    scope: GeneralisationScope,
  ): Set<string> {
    const catalogAction = this.lookUp(action);

    if (catalogAction?.supportsResourceLevelPermissions === false) {
      return this.replaceAll(action, resources, 'no-resource-level-permissions', scope);
    }

    if (this.strategy === 'service-level') {
      return this.replaceAll(action, resources, 'service-level', scope);
    }

    if (this.strategy === 'wildcard-per-resource-type') {
      return this.replaceCrowdedParents(action, catalogAction, resources, scope);
    }

    return new Set([...resources].map(escapeResourceLiteral));
  }

  private lookUp(action: string): CatalogAction | undefined {
    if (this.catalog === undefined) {
      return undefined;
    }

    const catalogAction = this.catalog.action(action);
    if (catalogAction === undefined) {
      this.unknownActions.add(action);
    }

    return catalogAction;
  }

  private replaceAll(
    action: string,
    resources: ReadonlySet<string>,
    reason: ReplacementReason,
    scope: GeneralisationScope,
  ): Set<string> {
    const replaced = [...resources].filter((resource) => resource !== '*');
    if (replaced.length > 0) {
      this.record({ action, pattern: '*', replaces: sortedUnique(replaced), reason }, scope);
    }

    return new Set(['*']);
  }

  /**
   * Groups the observed resources of one action by parent and replaces each group with more
   * than `threshold` members by the parent's pattern. Any other resource is written
   * escaped, unless a new parent pattern covers it. `"*"` has no parent and stays.
   */
  private replaceCrowdedParents(
    action: string,
    catalogAction: CatalogAction | undefined,
    resources: ReadonlySet<string>,
    scope: GeneralisationScope,
  ): Set<string> {
    const children = new Map<string, { parent: ParentPattern; resources: string[] }>();

    for (const resource of resources) {
      if (resource === '*') {
        continue;
      }

      const parent = parentPatternOf(resource, catalogAction);
      if (parent === undefined) {
        continue;
      }

      const group = children.get(parent.pattern) ?? { parent, resources: [] };
      group.resources.push(resource);
      children.set(parent.pattern, group);
    }

    const crowded = [...children.values()].filter(
      (group) => group.resources.length > this.threshold!,
    );
    const escaped = new Map(
      [...resources].map((resource) => [resource, escapeResourceLiteral(resource)]),
    );
    if (crowded.length === 0) {
      return new Set(escaped.values());
    }

    // The parent of one resource type can cover another's, as `table/*` covers `table/t/index/*`.
    const parents = crowded.map((group) => group.parent);
    const outermost = parents.filter(
      ({ pattern }) =>
        !parents.some(
          (other) => other.pattern !== pattern && resourcePatternCovers(other.pattern, pattern),
        ),
    );
    const patterns = outermost.map(({ pattern }) => pattern);
    const remaining = [...escaped.values()].filter(
      (resource) =>
        !patterns.some(
          (pattern) => pattern !== resource && resourcePatternCovers(pattern, resource),
        ),
    );

    for (const parent of outermost) {
      const replaces = [...escaped]
        .filter(
          ([, resource]) =>
            resource !== parent.pattern && resourcePatternCovers(parent.pattern, resource),
        )
        .map(([observed]) => observed);
      this.record(
        {
          action,
          pattern: parent.pattern,
          replaces: sortedUnique(replaces),
          reason: 'threshold-exceeded',
          ...(parent.resourceType === undefined ? {} : { resourceType: parent.resourceType }),
        },
        scope,
      );
    }

    return new Set([...remaining, ...patterns]);
  }

  private record(replacement: ResourceReplacement, scope: GeneralisationScope): void {
    this.replacements.push({
      ...replacement,
      ...(scope.principal === undefined ? {} : { principal: scope.principal }),
      ...(scope.condition === undefined ? {} : { condition: scope.condition }),
    });
  }
}
