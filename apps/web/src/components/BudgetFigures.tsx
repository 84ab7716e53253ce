import { SimpleGrid } from '@mantine/core';
import { Figure } from './Figure';
import { Money } from './Money';

export interface Budget {
  envelope: number;
  committed: number;
  paid: number;
  remaining: number;
  currency: string;
}

/** A reintegration budget in four figures (envelope, committed, paid, remaining), as counterparts and finance see it. */
export function BudgetFigures({
  budget,
  labels,
}: {
  budget: Budget;
  labels: { envelope: string; committed: string; paid: string; remaining: string };
}) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" m={0}>
      {(['envelope', 'committed', 'paid', 'remaining'] as const).map((k) => (
        <Figure key={k} label={labels[k]}>
          <Money amount={budget[k]} currency={budget.currency} />
        </Figure>
      ))}
    </SimpleGrid>
  );
}
