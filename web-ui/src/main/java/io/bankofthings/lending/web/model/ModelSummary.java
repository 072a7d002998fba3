package io.bankofthings.lending.web.model;

import java.time.Instant;

/**
 * One line of the model list.
 *
 * @param onClasspath true when the application ships the model under {@code models/}
 * @param latestVersion latest saved version, null when it was never edited
 * @param deployedEngineVersion engine version of the last deployment from the modeler, null when there was none
 */
public record ModelSummary(
        String name,
        ModelKind kind,
        boolean onClasspath,
        Integer latestVersion,
        String savedBy,
        Instant savedAt,
        Integer deployedEngineVersion,
        Instant deployedAt) {}
