/**
 * Preloaded into a profiled service (`node --cpu-prof --import`): Nest's shutdown hook re-raises
 * SIGTERM after closing, which kills the process before V8 writes the profile; exiting here first
 * lets it be written. Registered before Nest's listener, so it runs first.
 */
process.once('SIGTERM', () => process.exit(0));
