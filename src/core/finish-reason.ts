export type UnifiedFinishReason =
  | 'stop'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'error'
  | 'other';

/** Normalised finish reason that keeps the upstream's raw value. */
export interface FinishReason {
  unified: UnifiedFinishReason;
  raw?: string;
  /** The stop sequence that ended the output, when the upstream reports which one matched. */
  stopSequence?: string;
}
