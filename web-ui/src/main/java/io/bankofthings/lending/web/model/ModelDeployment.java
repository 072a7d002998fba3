package io.bankofthings.lending.web.model;

import java.time.Instant;

/**
 * A deployment made from the modeler.
 *
 * @param modelVersion the saved version that was deployed; null when the classpath model was deployed
 * @param resourceId the process id or decision id
 * @param engineVersion the version the engine gave the process or decision
 * @param definitionKey the engine's key of the process definition or decision
 */
public record ModelDeployment(
        String name,
        Integer modelVersion,
        String resourceId,
        int engineVersion,
        long definitionKey,
        long deploymentKey,
        String deployedBy,
        Instant deployedAt) {}
