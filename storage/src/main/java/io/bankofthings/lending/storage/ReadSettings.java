package io.bankofthings.lending.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How Parquet objects are fetched from the store ({@link S3InputFiles}), bound from {@code lending.storage.read.*}.
 *
 * @param wholeObjectBelow objects smaller than this are fetched whole in one GET (cheaper than a footer request and
 *     range requests); larger ones by byte ranges: the footer, then the column chunks of the row groups a query needs
 * @param readAhead least bytes one range request fetches, so Parquet's small reads (page headers, indexes) do not
 *     each cost a request; a larger read is fetched as asked
 */
@ConfigurationProperties("lending.storage.read")
public record ReadSettings(@DefaultValue("8MB") DataSize wholeObjectBelow, @DefaultValue("1MB") DataSize readAhead) {

    /** Largest read-ahead: one buffer of it is held per open object. */
    static final DataSize MAX_READ_AHEAD = DataSize.ofMegabytes(64);

    /** Checks the ranges; each message names the setting and the value. */
    public ReadSettings {
        if (wholeObjectBelow.toBytes() < 0) {
            throw new IllegalArgumentException("lending.storage.read.whole-object-below must not be negative: " + wholeObjectBelow);
        }
        if (readAhead.toBytes() <= 0 || readAhead.compareTo(MAX_READ_AHEAD) > 0) {
            throw new IllegalArgumentException("lending.storage.read.read-ahead must be positive and at most %s: %s"
                    .formatted(MAX_READ_AHEAD, readAhead));
        }
    }

    /** Returns the settings with every default. */
    public static ReadSettings defaults() {
        return new ReadSettings(DataSize.ofMegabytes(8), DataSize.ofMegabytes(1));
    }
}
