/**
 * zod without its JIT: the JIT compiles validators with `new Function`, which the app's
 * Content-Security-Policy forbids (no 'unsafe-eval'); even zod's probe for it is reported as a CSP
 * violation. Validation is the same, only not compiled. Imported before any schema is used.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
