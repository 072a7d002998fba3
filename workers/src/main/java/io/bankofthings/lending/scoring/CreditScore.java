package io.bankofthings.lending.scoring;

import java.util.Map;

/**
 * An objective credit score between 0 and 1000 with its explanation.
 *
 * @param factors points per factor: {@code subjectCredit}, {@code transactionCredit}, {@code entityCredit}
 */
public record CreditScore(int total, Map<String, Integer> factors) {

    public static final String SUBJECT = "subjectCredit";
    public static final String TRANSACTION = "transactionCredit";
    public static final String ENTITY = "entityCredit";
}
