package io.bankofthings.lending.storage;

/** Signals that an object store operation failed; the message names the bucket and object key or prefix. */
public class ObjectStoreException extends RuntimeException {

    ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    ObjectStoreException(String message) {
        super(message);
    }
}
