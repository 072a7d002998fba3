package io.bankofthings.lending.storage;

/** The object asked for does not exist (never written, or deleted since it was listed, e.g. by compaction). */
public class ObjectNotFoundException extends ObjectStoreException {

    /** Names the key and bucket in {@code message}. */
    public ObjectNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
