/**
 * Resuming process instances lost with the in-memory engine: the engine generation stored with every instance key,
 * where a case starts again ({@link io.bankofthings.lending.resume.ResumePoint}) and the sweep after start-up that
 * gives every open loan, grant and alert a new instance ({@link io.bankofthings.lending.resume.ProcessResumer}).
 */
package io.bankofthings.lending.resume;
