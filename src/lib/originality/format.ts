import type { OriginalityReport } from './report.ts';
export function formatReport(report: OriginalityReport, opts: { color: boolean; width?: number }): string {
  void opts;
  return JSON.stringify(report, null, 2);
}
