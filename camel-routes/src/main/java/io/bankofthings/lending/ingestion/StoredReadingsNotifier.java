package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.StoredReadingsListener;
import io.bankofthings.lending.storage.TelemetryReading;
import java.util.List;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Hands the readings of a stored batch to every {@link StoredReadingsListener} bean (e.g. the alert rules of post-loan
 * monitoring), after the batch is safely in storage. A failing listener is logged and never fails the batch: the
 * readings are stored, and redelivering them would not make the listener succeed.
 */
@Component
public class StoredReadingsNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(StoredReadingsNotifier.class);

    private final ObjectProvider<StoredReadingsListener> listeners;

    /** Notifies the listener beans present in the context, none at all included. */
    public StoredReadingsNotifier(ObjectProvider<StoredReadingsListener> listeners) {
        this.listeners = listeners;
    }

    /** Calls each listener with the batch; an empty or missing batch is ignored. */
    public void notifyStored(@Body List<TelemetryReading> readings) {
        if (readings == null || readings.isEmpty()) {
            return;
        }
        listeners.orderedStream().forEach(listener -> {
            try {
                listener.readingsStored(readings);
            } catch (RuntimeException e) {
                LOG.error("Listener {} failed on a stored batch of {} readings", listener.getClass().getSimpleName(),
                        readings.size(), e);
            }
        });
    }
}
