package io.bankofthings.lending.operations;

import io.bankofthings.lending.storage.ObjectStore;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Up when the S3-compatible store answers for the telemetry bucket with the configured keys; down when the server is
 * unreachable, the keys are refused or the bucket is missing (it is created on the first write, so a fresh store is
 * reported as up with {@code bucketExists=false}).
 */
class ObjectStoreHealthIndicator extends AbstractHealthIndicator {

    private final ObjectStore store;

    ObjectStoreHealthIndicator(ObjectStore store) {
        super("Object store unreachable");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean exists = store.bucketExists();
        builder.up().withDetail("bucket", store.bucket()).withDetail("bucketExists", exists);
    }
}
