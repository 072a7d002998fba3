package io.bankofthings.lending.web.model;

import java.time.Instant;

/** A saved version of a model: versions count from 1 per file name; {@code content} is the XML as saved. */
public record StoredModelVersion(
        String name, int version, ModelKind kind, String sha256, String comment, String savedBy, Instant savedAt, String content) {

    /** The same version without its content, for listings. */
    StoredModelVersion summary() {
        return new StoredModelVersion(name, version, kind, sha256, comment, savedBy, savedAt, null);
    }
}
