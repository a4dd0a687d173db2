/**
 * Ranking and composing parameters from `--set name=value` flags, for ablations and calibration runs of
 * the evaluation scripts, e.g. `npm run eval:wikiqa -- --set leadWeight=0 --set minConfidence=0.2` (the
 * decision models' weights as `answerModel.softCoverage=2` or `topicModel.foreign=-3`).
 */
import { DEFAULT_COMPOSE, type ComposeOptions } from '../engine/ranking/compose.ts';
import { FIGURES, type FigureName } from '../engine/ranking/evidence.ts';
import type { EngineOptions } from '../engine/engine.ts';
import { DEFAULT_RANKING, type RankingParams } from '../engine/index/ranking-params.ts';

/** A decision model's weight: `answerModel.coverage`, `topicModel.bias`… */
const MODEL_WEIGHT = new RegExp(`^(?:answerModel|topicModel)\\.(?:bias|${FIGURES.join('|')})$`);

export function optionsFromFlags(sets: readonly string[] = []): EngineOptions {
  const ranking: RankingParams = { ...DEFAULT_RANKING };
  const compose: ComposeOptions = { ...DEFAULT_COMPOSE };
  for (const set of sets) {
    const m = /^([\w.]+)=(-?[\d.]+)$/.exec(set);
    if (!m) throw new Error(`--set takes name=number, not "${set}"`);
    const [, name, value] = m;
    if (name! in ranking) (ranking as unknown as Record<string, number>)[name!] = Number(value);
    else if (name! in compose) (compose as unknown as Record<string, number>)[name!] = Number(value);
    else if (MODEL_WEIGHT.test(name!)) {
      const [model, figure] = name!.split('.') as ['answerModel' | 'topicModel', FigureName | 'bias'];
      compose[model] = { ...compose[model], [figure]: Number(value) };
    } else throw new Error(`--set: no parameter "${name}" (ranking: ${Object.keys(ranking).join(', ')}; composing: ${Object.keys(compose).join(', ')})`);
  }
  return { ranking, compose };
}

export function describeOptions({ ranking, compose }: EngineOptions): string {
  const changed = [
    ...Object.entries(ranking).filter(([k, v]) => (DEFAULT_RANKING as unknown as Record<string, number>)[k] !== v),
    ...Object.entries(compose).filter(([k, v]) => typeof v === 'number' && (DEFAULT_COMPOSE as unknown as Record<string, number>)[k] !== v),
    ...(['answerModel', 'topicModel'] as const).flatMap((model) =>
      Object.entries(compose[model])
        .filter(([k, v]) => (DEFAULT_COMPOSE[model] as Record<string, number | undefined>)[k] !== v)
        .map(([k, v]) => [`${model}.${k}`, v]),
    ),
  ];
  return changed.length === 0 ? 'default parameters' : `parameters changed: ${changed.map(([k, v]) => `${k}=${v}`).join(', ')}`;
}
