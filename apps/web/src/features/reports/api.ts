/** The reporting endpoints through the typed client, as TanStack Query hooks (aggregates only: no case, no name). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type Indicators = components['schemas']['IndicatorsResponse'];
export type ReportTable = components['schemas']['ReportTableResponse'];
export type ReportRow = components['schemas']['ReportRowResponse'];
export type ReportExport = components['schemas']['ReportExportResponse'];

/** What a report is asked for: a period, a reference date and optional filters ('YYYY-MM-DD' dates). */
export interface ReportParams {
  from: string;
  to: string;
  asOf?: string;
  office?: string;
  countryOfOrigin?: string;
}

/** Only the filters that are set (the API refuses empty strings). */
export function queryOf(p: ReportParams): ReportParams {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined && v !== '')) as ReportParams;
}

export function useIndicators(params: ReportParams | null) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ['reports', 'indicators', params],
    enabled: params !== null,
    queryFn: async () => {
      const body = await unwrap<Indicators>(
        api.GET('/reports/indicators', { params: { query: queryOf(params as ReportParams) } }),
      );
      // Every report is audited: the audit list below has a new line.
      void qc.invalidateQueries({ queryKey: ['reports', 'exports'] });
      return body;
    },
    staleTime: 60_000,
  });
}

export function useExports() {
  return useQuery({
    queryKey: ['reports', 'exports'],
    queryFn: () => unwrap<{ items: ReportExport[] }>(api.GET('/reports/exports', { params: { query: { limit: 20 } } })),
  });
}

export type ExportFormat = 'csv' | 'xlsx';

/** The file name the API gives in content-disposition, else a name from the period. */
function fileNameOf(res: Response, p: ReportParams, format: ExportFormat): string {
  const m = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
  return m?.[1] ?? `indicators-${p.from}-${p.to}.${format}`;
}

/** Downloads an export through the session (cookie or in-memory token), then saves it as a file. */
export function useDownload() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ params, format }: { params: ReportParams; format: ExportFormat }) => {
      const path = format === 'csv' ? '/reports/indicators.csv' : '/reports/indicators.xlsx';
      const { data, error, response } = await api.GET(path, {
        params: { query: queryOf(params) },
        parseAs: 'blob',
      });
      if (error !== undefined || !response.ok) throw new ApiError(response.status, error);
      const url = URL.createObjectURL(data);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileNameOf(response, params, format);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return a.download;
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['reports', 'exports'] }),
  });
}
