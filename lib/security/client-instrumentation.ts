// Runs in the browser before hydration (next.config.mjs instrumentationClientInject).
import { z } from "zod";

// Zod 4 probes for eval with `new Function("")` when the first object schema is built, to compile
// faster parsers. Our CSP has no 'unsafe-eval' (production), so the probe is refused and reported as a
// CSP violation on every page with a form; Zod then falls back to its ordinary parser anyway.
// Saying "no JIT" up front keeps the violation log meaningful: a report there is a real attack or bug.
z.config({ jitless: true });
