package io.bankofthings.lending.storage;

import java.util.List;

/**
 * Told about readings right after their batch is stored, e.g. to evaluate alert rules on them. Ingestion calls every
 * listener bean once per stored batch, on the ingesting thread; a listener that throws is logged and does not undo or
 * retry the stored batch.
 */
public interface StoredReadingsListener {

    /**
     * Receives the readings of one stored batch.
     *
     * @param readings the batch in arrival order; never null, never empty
     */
    void readingsStored(List<TelemetryReading> readings);
}
