/** Runs an MQTT 5 broker in-process for the embedded runtime and tests. */
@NullMarked
package io.bankofthings.lending.ingestion.embedded;

import org.jspecify.annotations.NullMarked;
