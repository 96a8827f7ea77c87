/** Bounds on untrusted input. Each can be raised in config; none can be switched off. */
export interface InputLimits {
  /** Files larger than this are reported and not parsed. */
  maxFileBytes: number;
  /** A document whose aliases expand to more nodes than this is rejected (billion laughs). */
  maxExpandedNodes: number;
  /** Deeper nesting than this is rejected (stack exhaustion). */
  maxDepth: number;
}

export const DEFAULT_LIMITS: InputLimits = {
  maxFileBytes: 64 * 1024 * 1024,
  maxExpandedNodes: 1_000_000,
  maxDepth: 256,
};
