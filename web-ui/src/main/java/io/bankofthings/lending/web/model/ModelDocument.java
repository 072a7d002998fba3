package io.bankofthings.lending.web.model;

import java.time.Instant;

/**
 * A model opened for editing.
 *
 * @param version the saved version, null for the model as shipped on the classpath
 * @param source STORED or CLASSPATH
 */
public record ModelDocument(
        String name, ModelKind kind, Integer version, String source, String savedBy, Instant savedAt, String xml) {}
