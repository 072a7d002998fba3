/** The cross-check API: the marks the two-source cross-check put on a collateral item's or a device's readings. */
@NullMarked
package io.bankofthings.lending.web.crosscheck;

import org.jspecify.annotations.NullMarked;
