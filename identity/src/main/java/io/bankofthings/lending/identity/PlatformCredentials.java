package io.bankofthings.lending.identity;

import org.jspecify.annotations.Nullable;

/**
 * Checks the shared secret an IoT platform sends to {@code /ingest/{platform}}; provided by the ingestion module
 * (wired in the app). Without such a bean the ingest chain is not installed and {@code /ingest/**} stays closed.
 */
@FunctionalInterface
public interface PlatformCredentials {

    /** Header that carries a platform's shared secret. */
    String SECRET_HEADER = "X-Platform-Secret";

    /**
     * Returns whether {@code secret} is the configured secret of {@code platform}; must compare in constant time
     * and never log the secret.
     */
    boolean matches(String platform, @Nullable String secret);
}
