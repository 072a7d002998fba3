/** The alerts of post-loan monitoring over the API: lists and details for borrowers and staff, investigations for staff. */
@NullMarked
package io.bankofthings.lending.web.monitoring;

import org.jspecify.annotations.NullMarked;
