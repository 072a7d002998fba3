/** Thin Zeebe job workers of the post-loan-monitoring process; the logic stays in the monitoring services. */
@NullMarked
package io.bankofthings.lending.monitoring.worker;

import org.jspecify.annotations.NullMarked;
