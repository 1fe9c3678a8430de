// Checks the schema cannot express: names that must refer to something defined elsewhere in the file,
// duplicates, and strings that must compile. Runs on the raw data so it reports alongside schema errors.
import { catalogVendors } from './catalog.js';
import { experimentProblems } from './experiment-checks.js';
import { exposureProblems } from './exposure-checks.js';
import { atPath, type ConfigPath, type PathProblem, type Severity } from './problem.js';
import { entriesOf, isRawMap, listOf, stringOf, type RawMap } from './raw-data.js';
import { providerTypes } from './schema.js';
import { didYouMean } from './suggest.js';

interface Names {
  providers: Set<string>;
  routes: Set<string>;
}

type Report = (path: ConfigPath, at: PathProblem['at'], message: string, severity?: Severity) => void;

export function crossCheck(data: unknown, env: Record<string, string | undefined>): PathProblem[] {
  if (!isRawMap(data)) return [];
  const problems: PathProblem[] = [];
  const report: Report = (path, at, message, severity = 'error') => problems.push({ path, at, message: atPath(path, message), severity });
  const names: Names = {
    providers: new Set(entriesOf(data['providers']).map(([id]) => id)),
    routes: new Set(entriesOf(data['routes']).map(([id]) => id)),
  };
  checkRoutes(data, names, report);
  checkAliases(data, names, report);
  listOf(data['rules']).forEach((rule, index) => checkRule(rule, ['rules', index], names, report));
  checkRouteRef(data['defaultRoute'], ['defaultRoute'], names, report);
  checkProviderKeys(data, names, report);
  return [...problems, ...experimentProblems(data, names), ...exposureProblems(data, env)];
}

function checkRoutes(data: RawMap, names: Names, report: Report): void {
  for (const [id, route] of entriesOf(data['routes'])) {
    if (!isRawMap(route)) continue;
    const seen = new Set<string>();
    listOf(route['targets']).forEach((item, index) => {
      const path: ConfigPath = typeof item === 'string' ? ['routes', id, 'targets', index] : ['routes', id, 'targets', index, 'target'];
      const ref = typeof item === 'string' ? item : isRawMap(item) ? stringOf(item['target']) : undefined;
      if (ref === undefined) return;
      checkTargetRef(ref, path, names, report);
      if (seen.has(ref)) report(path, 'value', `${JSON.stringify(ref)} is listed twice in this route`, 'warning');
      seen.add(ref);
    });
    listOf(route['rules']).forEach((rule, index) => checkRule(rule, ['routes', id, 'rules', index], names, report));
  }
}

function checkAliases(data: RawMap, names: Names, report: Report): void {
  for (const [name, alias] of entriesOf(data['aliases'])) {
    const path = ['aliases', name];
    if (names.routes.has(name)) report(path, 'key', `alias ${JSON.stringify(name)} has the same name as a route`);
    if (typeof alias === 'string') {
      if (names.routes.has(alias)) continue;
      const hint = alias.includes('/') ? ` (for a target write a list: [${alias}])` : didYouMean(alias, names.routes);
      report(path, 'value', `unknown route ${JSON.stringify(alias)}${hint}`);
    }
    listOf(alias).forEach((ref, index) => {
      if (typeof ref === 'string') checkTargetRef(ref, [...path, index], names, report);
    });
  }
}

function checkRule(rule: unknown, path: ConfigPath, names: Names, report: Report): void {
  if (!isRawMap(rule)) return;
  const when = rule['when'];
  if (isRawMap(when)) {
    checkRegex(when['systemMatches'], [...path, 'when', 'systemMatches'], report);
    checkHours(when['hours'], [...path, 'when', 'hours'], report);
  }
  const then = rule['then'];
  if (!isRawMap(then)) return;
  const thenPath = [...path, 'then'];
  checkRouteRef(then['route'], [...thenPath, 'route'], names, report);
  const target = stringOf(then['target']);
  if (target !== undefined) checkTargetRef(target, [...thenPath, 'target'], names, report);
  checkProviderRef(then['requireProvider'], [...thenPath, 'requireProvider'], names, report);
  for (const key of ['preferProviders', 'excludeProviders']) {
    listOf(then[key]).forEach((provider, index) => checkProviderRef(provider, [...thenPath, key, index], names, report));
  }
}

function checkTargetRef(ref: string, path: ConfigPath, names: Names, report: Report): void {
  const slash = ref.indexOf('/');
  if (slash <= 0) return; // the schema reports a malformed "provider/model"
  const provider = ref.slice(0, slash);
  if (!names.providers.has(provider)) {
    report(path, 'value', `unknown provider ${JSON.stringify(provider)}${didYouMean(provider, names.providers)}`);
  }
}

function checkRouteRef(value: unknown, path: ConfigPath, names: Names, report: Report): void {
  if (typeof value !== 'string' || names.routes.has(value)) return;
  report(path, 'value', `unknown route ${JSON.stringify(value)}${didYouMean(value, names.routes)}`);
}

// Preferring or excluding a provider that does not exist is harmless but almost certainly a typo.
function checkProviderRef(value: unknown, path: ConfigPath, names: Names, report: Report): void {
  if (typeof value !== 'string' || names.providers.has(value)) return;
  report(path, 'value', `unknown provider ${JSON.stringify(value)}${didYouMean(value, names.providers)}`, 'warning');
}

function checkProviderKeys(data: RawMap, names: Names, report: Report): void {
  const knownPrefixes = new Set<string>([...names.providers, ...catalogVendors, ...providerTypes]);
  for (const [key] of entriesOf(data['models'])) {
    const slash = key.indexOf('/');
    const provider = key.slice(0, slash);
    if (slash > 0 && !knownPrefixes.has(provider)) {
      report(['models', key], 'key', `unknown provider ${JSON.stringify(provider)}${didYouMean(provider, names.providers)}`, 'warning');
    }
  }
  for (const [provider] of entriesOf(data['budgets'])) {
    if (!names.providers.has(provider)) {
      report(
        ['budgets', provider],
        'key',
        `unknown provider ${JSON.stringify(provider)}${didYouMean(provider, names.providers)}`,
        'warning',
      );
    }
  }
}

function checkRegex(value: unknown, path: ConfigPath, report: Report): void {
  if (typeof value !== 'string') return;
  try {
    new RegExp(value);
  } catch (error) {
    // V8 says "Invalid regular expression: /(/: Unterminated group"; the pattern is already in the file.
    const reason = error instanceof Error ? (error.message.split(': ').pop() ?? error.message) : String(error);
    report(path, 'value', `invalid regular expression: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`);
  }
}

function checkHours(value: unknown, path: ConfigPath, report: Report): void {
  const match = typeof value === 'string' ? /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(value) : null;
  if (match === null) return; // the schema reports the shape
  const [startHour = NaN, startMinute = NaN, endHour = NaN, endMinute = NaN] = match.slice(1).map(Number);
  const valid = (hour: number, minute: number, isEnd: boolean): boolean =>
    (hour < 24 && minute < 60) || (isEnd && hour === 24 && minute === 0);
  const [start, end] = String(value).split('-');
  if (!valid(startHour, startMinute, false)) report(path, 'value', `${JSON.stringify(start)} is not a valid time (00:00-23:59)`);
  if (!valid(endHour, endMinute, true)) report(path, 'value', `${JSON.stringify(end)} is not a valid time (00:00-24:00)`);
}
