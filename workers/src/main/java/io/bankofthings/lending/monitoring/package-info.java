/**
 * Post-loan monitoring: watches the collateral of disbursed loans through its devices, raises deduplicated alerts
 * from telemetry and schedules, and carries out the responses the alert-response table decides.
 */
@NullMarked
package io.bankofthings.lending.monitoring;

import org.jspecify.annotations.NullMarked;
