/** Collateral registration: the device registry, device checks against telemetry, and the lien registry. */
package io.bankofthings.lending.collateral;
