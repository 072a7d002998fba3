package io.bankofthings.lending.storage;

import java.util.List;

/**
 * Result of storing one batch of readings: the Parquet objects written, one per hour partition.
 *
 * @param objectKeys keys of the written objects, in partition order
 * @param readingCount number of readings written across all objects
 * @param byteCount size of the written objects together, in bytes
 */
public record TelemetryBatchStored(List<String> objectKeys, int readingCount, long byteCount) {

    /** Copies the key list. */
    public TelemetryBatchStored {
        objectKeys = List.copyOf(objectKeys);
    }
}
