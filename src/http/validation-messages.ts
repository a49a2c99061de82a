/*
 * class-validator's errors as sentences that name each field once by its full path:
 * `receivingService.kind must be one of …`, `excludedDates[2] must be a calendar date YYYY-MM-DD`.
 *
 * class-validator reports an `each: true` rule on the array as a whole ("each value in excludedDates
 * …"); the failing items are found by checking each one alone, so the message can carry its index.
 * Messages written in the DTOs often start with the property's name already; that name is taken off
 * and the full path put in its place, so a path never appears twice. Grammar: "1 elements" is gone.
 */
import { getMetadataStorage, ValidationError, validateSync, ValidatorOptions } from 'class-validator';

type Path = (string | number)[];

function pathText(path: Path): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The sentence without whatever it says first about which field it is. */
function reasonOf(message: string, property: string): string {
  let rest = message.replace(/^each value in /, '').replace(/^(nested )?property /, '');
  // "kind", "receivingService.kind", "availability.0.to" or "items[3].kind" at the start is the field's own name.
  const field = new RegExp(`^(?:[\\w$]+(?:\\.|\\[\\d+\\]\\.?))*${escape(property)}(?:\\[\\d+\\])?(?=\\s|$)\\s*`);
  rest = rest.replace(field, '');
  return tidyGrammar(rest.trim() || 'is invalid');
}

function tidyGrammar(reason: string): string {
  return reason
    .replace(/must contain at least 1 elements/, 'must not be empty')
    .replace(/must contain at least (\d+) elements/, 'must have at least $1 items')
    .replace(/must contain no more than (\d+) elements/, 'must have at most $1 items')
    .replace(/must contain not more than (\d+) elements/, 'must have at most $1 items')
    .replace(/must be either object or array/, 'must be an object');
}

/** Names of the rules declared with `each: true` on a property of a DTO class. */
function eachRuleNames(target: object, property: string): Set<string> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  const names = new Set<string>();
  for (const m of metadata) {
    if (m.propertyName !== property || !m.each) continue;
    if (m.name) names.add(m.name);
    for (const c of getMetadataStorage().getTargetValidatorConstraints(m.constraintCls)) if (c.name) names.add(c.name);
  }
  return names;
}

/** For an array rule with `each: true`: which items break it, each checked alone. */
function failingItems(error: ValidationError, rule: string, options: ValidatorOptions): { index: number; message: string }[] {
  const items = error.value as unknown[];
  const found: { index: number; message: string }[] = [];
  items.forEach((item, index) => {
    const probe = Object.assign(Object.create(Object.getPrototypeOf(error.target)), error.target, { [error.property]: [item] });
    const own = validateSync(probe, { ...options, whitelist: false, forbidNonWhitelisted: false }).find(
      (e) => e.property === error.property,
    );
    const message = own?.constraints?.[rule];
    if (message) found.push({ index, message });
  });
  return found;
}

/** Rules about a value's type: when one fails, the value's length or format rules say nothing more. */
const TYPE_RULES = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'isDefined', 'nestedValidation']);

interface Problem {
  path: string;
  rule: string;
  text: string;
}

function problemsOf(errors: ValidationError[], options: ValidatorOptions, parent: Path, inArray: boolean): Problem[] {
  const problems: Problem[] = [];
  for (const error of errors) {
    // class-validator leaves `property` out of an error about the value itself (a string where a
    // nested object was wanted, under forbidUnknownValues): it belongs to the parent's path.
    const property = error.property as string | undefined;
    const index = inArray && property !== undefined && /^\d+$/.test(property) ? Number(property) : null;
    const path = property === undefined ? parent : [...parent, index ?? property];
    const eachRules = error.target && Array.isArray(error.value) ? eachRuleNames(error.target, error.property) : new Set<string>();
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      const items = eachRules.has(rule) ? failingItems(error, rule, options) : [];
      if (items.length) {
        for (const item of items)
          problems.push({ path: pathText([...path, item.index]), rule, text: reasonOf(item.message, property ?? '') });
      } else {
        problems.push({ path: pathText(path), rule, text: reasonOf(message, property ?? '') });
      }
    }
    if (error.children?.length) problems.push(...problemsOf(error.children, options, path, Array.isArray(error.value)));
  }
  return problems;
}

export function validationMessages(errors: ValidationError[], options: ValidatorOptions = {}): string[] {
  const problems = problemsOf(errors, options, [], false);
  const mistyped = new Set(problems.filter((p) => TYPE_RULES.has(p.rule)).map((p) => p.path));
  const kept = problems.filter((p) => !mistyped.has(p.path) || TYPE_RULES.has(p.rule));
  return [...new Set(kept.map((p) => `${p.path} ${p.text}`))];
}
