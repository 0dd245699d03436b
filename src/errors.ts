/**
 * Every error clickgen reports on purpose has a stable code from this catalogue.
 * `docs/errors.md` lists the same codes; a test keeps the two in sync.
 *
 * Bad input (a scenario, a flag, a query parameter, a config file) is a UsageError:
 * one line that names the input, the place and what would be valid; exit code 2.
 * A failure while running (a sink that cannot recover) is a RunError: exit code 1.
 */
export const ErrorCodes = {
  BAD_FLAG: "a command-line flag, or an option of the library's simulate(), has an invalid value",
  UNKNOWN_SCENARIO: 'no built-in scenario has this name and no such file exists',
  SCENARIO_READ: 'the scenario file cannot be read',
  SCENARIO_SYNTAX: 'the scenario file is not valid YAML or JSON',
  SCENARIO_INVALID: 'the scenario breaks the schema or its rules',
  UNKNOWN_VOCABULARY: 'no built-in vocabulary has this name and no such file exists',
  VOCABULARY_NEEDS: 'the scenario lacks fields or states the vocabulary renders',
  SCENARIO_SILENT: 'a million sessions in a row ended without emitting an event',
  BAD_SET: 'a --set override is not path=value, its value is not valid YAML, or its path goes inside a value that is not a mapping (a path to a value the scenario cannot have is SCENARIO_INVALID)',
  FORMAT_FILE: 'a format file cannot be read or names fields the scenario does not produce',
  BAD_OUTPUT: 'the output cannot be written where it was asked to go',
  SINK_FAILED: 'a sink failed and could not recover',
  SIMULATION_FAILED: 'the simulation thread of a real-time run failed',
  BAD_TARGET: 'an output target (kafka://, redis://, ...) is malformed or has an invalid parameter',
  KAFKA_UNREACHABLE: 'no Kafka broker of the target answered within connect_timeout',
  SCHEMA_REJECTED: 'the schema registry refused the schema or the credentials',
  REGISTRY_FAILED: 'the schema registry could not be reached or failed',
  IMPLY_CONFIG: 'an Imply generator configuration is invalid',
  TEMPLATE_RENDER: 'a record template failed while rendering a record',
  BAD_PARAMETER: 'an HTTP query parameter is invalid',
  UNAUTHORIZED: 'an HTTP request lacks the bearer token the server requires',
  TOO_MANY_STREAMS: 'the server already serves its maximum number of concurrent streams',
  NOT_FOUND: 'no HTTP endpoint has this path',
  METHOD_NOT_ALLOWED: 'the HTTP endpoints answer GET only',
  LISTEN_FAILED: 'the server cannot listen on the host and port it was given',
  SHUTTING_DOWN: 'the server is shutting down and takes no new streams',
  BODY_TOO_LARGE: "a request body to the server page's endpoints is over their size limit",
  BAD_BODY: "a request body to the server page's endpoints is not the JSON they take",
  PAGE_FAILED: "the thread that answers the server page's API failed",
  INSPECT_INPUT: 'an events file given to inspect cannot be read',
  SUMMARY_INPUT: 'a summary given to summary merge cannot be read, is not a summary, or the shards given are not one whole run',
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export class ClickgenError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly exitCode: 1 | 2,
    /** Whether trying again may succeed (a broker that is restarting) or not (a typo). */
    readonly retriable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ClickgenError';
  }
}

/** Bad input: exit code 2. The message is the single line the user sees. */
export class UsageError extends ClickgenError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, 2, false, options);
    this.name = 'UsageError';
  }
}

/** A failure while running: exit code 1. */
export class RunError extends ClickgenError {
  constructor(code: ErrorCode, message: string, retriable = false, options?: { cause?: unknown }) {
    super(code, message, 1, retriable, options);
    this.name = 'RunError';
  }
}

/** An error's message in one line: JSON.parse quotes the text around the error, line breaks and all. */
export function oneLineMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\r\n|\r|\n/g, '\\n');
}
