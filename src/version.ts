/** The package version, printed by --version and served by the HTTP API. */
export const VERSION = '0.1.0';
