// What `router status` shows of trace export (telemetry.otlp), so spans lost to a down collector are seen.

export interface TelemetryStatusDTO {
  /** The traces URL spans go to (without any user or password it had). */
  endpoint: string;
  /** Spans waiting for export now. */
  queuedSpans: number;
  /** Since the daemon started. */
  exportedSpans: number;
  /** Since the daemon started: queue full, receiver refused, retries exhausted, or cut at shutdown. */
  droppedSpans: number;
  /** The last failed export ("HTTP 503", "connect ECONNREFUSED …"), null when none failed. */
  lastError: string | null;
}
