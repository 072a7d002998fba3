/** A Zeebe broker exporter that delivers engine records to the application's process read model over HTTP. */
package io.bankofthings.lending.exporter;
