package io.bankofthings.lending.storage;

/**
 * One object as a listing shows it.
 *
 * @param key object key
 * @param size size in bytes
 */
public record StoredObject(String key, long size) {}
