/** Correlation of log lines by business key: the loan, grant or thing a request is about goes into the MDC. */
package io.bankofthings.lending.web.logging;
