/** A configuration problem found at start; its message names the field (and line). */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
