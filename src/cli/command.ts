/** The shape every CLI command implements. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Read a file the user named (throws FieldError naming the flag when it cannot). */
  readFile(field: string, path: string): string;
  writeFile(field: string, path: string, content: string): void;
  /** Append to a file (optional: without it, a command rewrites the whole file with writeFile). */
  appendFile?(field: string, path: string, content: string): void;
  /** Whether a path exists (optional: without it, a command treats the path as absent). */
  exists?(path: string): boolean;
}

export interface Command {
  name: string;
  summary: string;
  /** Runs the command; returns the exit code. Throwing FieldError prints it and exits 2. */
  run(argv: string[], io: CliIO): Promise<number>;
}
