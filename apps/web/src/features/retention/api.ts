/** The retention endpoints through the typed client, as TanStack Query hooks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type RetentionRun = components['schemas']['RetentionRunResponse'];
export type RetentionSchedule = components['schemas']['RetentionScheduleResponse'];

const running = (run: RetentionRun | undefined) => run?.status === 'QUEUED' || run?.status === 'RUNNING';

export function useRetentionSchedule() {
  return useQuery({
    queryKey: ['retention', 'schedule'],
    queryFn: () => unwrap<RetentionSchedule>(api.GET('/retention/schedule')),
  });
}

/** The latest runs; polled every 2 s while one of them is still going, so its progress shows. */
export function useRetentionRuns() {
  return useQuery({
    queryKey: ['retention', 'runs'],
    queryFn: () => unwrap<{ runs: RetentionRun[] }>(api.GET('/retention/runs')),
    refetchInterval: (query) => (query.state.data?.runs.some(running) ? 2000 : false),
  });
}

export function useStartRetentionRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (dryRun: boolean) => unwrap<RetentionRun>(api.POST('/retention/runs', { body: { dryRun } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['retention', 'runs'] }),
  });
}
