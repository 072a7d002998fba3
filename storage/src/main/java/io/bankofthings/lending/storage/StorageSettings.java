package io.bankofthings.lending.storage;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Connection settings of the S3-compatible object store, bound from {@code lending.storage.*}.
 *
 * <p>The key defaults only fit the embedded server; production sets {@code LENDING_STORAGE_ACCESS_KEY} and
 * {@code LENDING_STORAGE_SECRET_KEY} in the environment.
 *
 * @param endpoint base URL of the S3 API, reached path-style
 * @param accessKey access key id used to sign requests (SigV4)
 * @param secretKey secret key used to sign requests; never logged
 * @param bucket bucket that holds telemetry and quarantine objects
 * @param region signing region
 */
@ConfigurationProperties("lending.storage")
public record StorageSettings(URI endpoint, String accessKey, String secretKey, String bucket, String region) {

    /** Endpoint of the embedded S3 server. */
    public static final URI DEFAULT_ENDPOINT = URI.create("http://127.0.0.1:9000");

    /** Access key of the embedded S3 server. */
    public static final String DEFAULT_ACCESS_KEY = "lending-dev";

    /** Secret key of the embedded S3 server; not for production. */
    public static final String DEFAULT_SECRET_KEY = "lending-dev-secret";

    /** Bucket for telemetry and quarantine objects. */
    public static final String DEFAULT_BUCKET = "telemetry";

    /** Signing region. */
    public static final String DEFAULT_REGION = "us-east-1";

    /** Fills every missing value with its default. */
    public StorageSettings(
            @Nullable URI endpoint,
            @Nullable String accessKey,
            @Nullable String secretKey,
            @Nullable String bucket,
            @Nullable String region) {
        this.endpoint = endpoint == null ? DEFAULT_ENDPOINT : endpoint;
        this.accessKey = blankToDefault(accessKey, DEFAULT_ACCESS_KEY);
        this.secretKey = blankToDefault(secretKey, DEFAULT_SECRET_KEY);
        this.bucket = blankToDefault(bucket, DEFAULT_BUCKET);
        this.region = blankToDefault(region, DEFAULT_REGION);
    }

    /** Returns the settings of the embedded server with all defaults. */
    public static StorageSettings defaults() {
        return new StorageSettings(null, null, null, null, null);
    }

    private static String blankToDefault(@Nullable String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public String toString() {
        return "StorageSettings[endpoint=%s, accessKey=%s, bucket=%s, region=%s]"
                .formatted(endpoint, accessKey, bucket, region);
    }
}
