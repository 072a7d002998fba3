/**
 * The underwriter task list: applications the decision table referred, decided by an underwriter who completes the
 * job-based user task {@code UnderwriterReviewTask}; every decision audited.
 */
package io.bankofthings.lending.web.underwriting;
