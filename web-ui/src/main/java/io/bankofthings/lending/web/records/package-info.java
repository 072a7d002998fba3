/**
 * The internal endpoint through which a broker exporter delivers engine records to the process read model,
 * authenticated with a shared secret from the environment.
 */
package io.bankofthings.lending.web.records;
