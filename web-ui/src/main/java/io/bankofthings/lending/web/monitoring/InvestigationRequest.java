package io.bankofthings.lending.web.monitoring;

import org.jspecify.annotations.Nullable;

/**
 * Body of an investigation decision.
 *
 * @param outcome CLEAR (a false alarm or resolved: unfreeze where the rules allow) or CONFIRM (becomes a margin call)
 * @param note what the investigation found, at most 500 characters
 */
record InvestigationRequest(@Nullable String outcome, @Nullable String note) {}
