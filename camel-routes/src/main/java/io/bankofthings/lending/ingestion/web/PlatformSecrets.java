package io.bankofthings.lending.ingestion.web;

import io.bankofthings.lending.ingestion.IngestionSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Checks the shared secret a platform sends with each webhook request; keeps only the SHA-256 of each configured
 * secret and compares digests in constant time, so neither the secret's value nor its length leaks by timing.
 */
@Component
public class PlatformSecrets {

    private final Map<String, byte[]> digests;

    /** Takes the secrets of {@code lending.ingestion.platform-secrets}. */
    public PlatformSecrets(IngestionSettings settings) {
        this.digests = settings.platformSecrets().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> sha256(e.getValue())));
    }

    /** Returns whether {@code presented} is the configured secret of {@code platform}; false without one. */
    public boolean matches(String platform, @Nullable String presented) {
        byte[] expected = digests.get(platform.toLowerCase(Locale.ROOT));
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
