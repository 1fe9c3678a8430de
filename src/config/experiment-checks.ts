// Cross-checks for `experiments:` the schema cannot express: the route exists, the split covers
// exactly the arms and adds up to 100, arm targets name known providers, `until` is a date.
import { atPath, type ConfigPath, type PathProblem, type Severity } from './problem.js';
import { entriesOf, isRawMap, listOf } from './raw-data.js';
import { didYouMean } from './suggest.js';

type Report = (path: ConfigPath, at: PathProblem['at'], message: string, severity?: Severity) => void;

export function experimentProblems(data: Record<string, unknown>, names: { providers: Set<string>; routes: Set<string> }): PathProblem[] {
  const problems: PathProblem[] = [];
  const report: Report = (path, at, message, severity = 'error') => problems.push({ path, at, message: atPath(path, message), severity });
  const routesTaken = new Map<string, string>();
  for (const [id, e] of entriesOf(data['experiments'])) {
    if (!isRawMap(e)) continue;
    const path = ['experiments', id];
    const route = e['route'];
    if (typeof route === 'string') {
      if (!names.routes.has(route))
        report([...path, 'route'], 'value', `unknown route ${JSON.stringify(route)}${didYouMean(route, names.routes)}`);
      const other = routesTaken.get(route);
      // One assignment per request: two experiments on one route would each see a biased half.
      if (other !== undefined)
        report([...path, 'route'], 'value', `route ${JSON.stringify(route)} already has experiment ${JSON.stringify(other)}`);
      routesTaken.set(route, id);
    }
    const arms = new Set(entriesOf(e['arms']).map(([name]) => name));
    const split = entriesOf(e['split']);
    let total = 0;
    for (const [arm, pct] of split) {
      if (typeof pct === 'number') total += pct;
      if (!arms.has(arm)) report([...path, 'split', arm], 'key', `split names arm ${JSON.stringify(arm)}, which is not under arms`);
    }
    for (const arm of arms)
      if (!split.some(([name]) => name === arm)) report([...path, 'arms', arm], 'key', `arm ${JSON.stringify(arm)} has no share in split`);
    if (split.length > 0 && Math.abs(total - 100) > 1e-9) report([...path, 'split'], 'value', `the split adds up to ${total}, not 100`);
    for (const [arm, body] of entriesOf(e['arms'])) {
      if (!isRawMap(body)) continue;
      listOf(body['targets']).forEach((ref, index) => {
        if (typeof ref !== 'string' || ref.indexOf('/') <= 0) return;
        const provider = ref.slice(0, ref.indexOf('/'));
        if (!names.providers.has(provider))
          report(
            [...path, 'arms', arm, 'targets', index],
            'value',
            `unknown provider ${JSON.stringify(provider)}${didYouMean(provider, names.providers)}`,
          );
      });
    }
    const until = e['until'];
    if (typeof until === 'string' && !Number.isFinite(Date.parse(until)))
      report([...path, 'until'], 'value', `${JSON.stringify(until)} is not an ISO date or time`);
  }
  return problems;
}
