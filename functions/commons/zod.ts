/**
 * The one place `functions/` gets zod from, so the choice below is made once.
 *
 * We ship zod 4's bundled v3 API (`zod/v3`), not zod 4 classic: every Lambda validates its event
 * and its data with zod, and the bundles must stay under 500 KB (README "How it is built").
 * Bundled and minified with esbuild (zod 4.6), a one-schema program is 60 KB with `zod/v3` and
 * 454 KB (444 KiB) with `zod`; `zod/mini` is 428 KB. zod 4's schemas do not tree-shake, so the
 * size is paid by every function. The CDK app (infra/) runs on a developer's machine and may use
 * zod 4 directly.
 */
export { z } from 'zod/v3';
