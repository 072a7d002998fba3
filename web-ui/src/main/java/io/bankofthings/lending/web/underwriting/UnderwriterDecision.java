package io.bankofthings.lending.web.underwriting;

/**
 * An underwriter's decision on a referred application.
 *
 * @param outcome APPROVE or REJECT
 * @param reason why, in the underwriter's words; 3 to 500 characters
 */
public record UnderwriterDecision(String outcome, String reason) {}
