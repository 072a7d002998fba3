package io.bankofthings.lending.readmodel;

/**
 * What one call to {@link ProcessReadModel#project} did.
 *
 * @param projected records newer than the stored position (events changed the tables, other records only moved it)
 * @param duplicates records at or below the stored position of their partition, ignored
 */
public record ProjectionResult(int projected, int duplicates) {

    public static final ProjectionResult NOTHING = new ProjectionResult(0, 0);
}
