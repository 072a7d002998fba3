package io.bankofthings.lending.loan;

/**
 * One factor of the objective credit score and why it scored what it did.
 *
 * @param name        {@code subjectCredit}, {@code transactionCredit} or {@code entityCredit}
 * @param points      points given, 0..maxPoints
 * @param explanation the reasons in words, e.g. "uptime 98%, operating 61%, inside site 100%"
 */
public record ScoreFactor(String name, int points, int maxPoints, String explanation) {}
