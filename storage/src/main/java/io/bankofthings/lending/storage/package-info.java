/** Stores telemetry as Parquet objects and rejected input as quarantine envelopes in an S3-compatible bucket. */
@NullMarked
package io.bankofthings.lending.storage;

import org.jspecify.annotations.NullMarked;
