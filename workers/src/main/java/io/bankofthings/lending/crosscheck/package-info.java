/**
 * Cross-check of two sources on one collateral item: an RFID gate's sighting of the item against the position its GPS
 * tracker reported at about the same time; disagreements are marked beside the write-once telemetry and counted.
 */
@NullMarked
package io.bankofthings.lending.crosscheck;

import org.jspecify.annotations.NullMarked;
