/** Receives device telemetry, validates it, quarantines rejects and hands batches of readings to storage. */
@NullMarked
package io.bankofthings.lending.ingestion;

import org.jspecify.annotations.NullMarked;
