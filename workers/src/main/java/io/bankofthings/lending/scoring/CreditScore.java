package io.bankofthings.lending.scoring;

import io.bankofthings.lending.loan.ScoreFactor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An objective credit score between 0 and 1000 with its explanation.
 *
 * @param explanation the factors {@code subjectCredit}, {@code transactionCredit}, {@code entityCredit} with their reasons
 */
public record CreditScore(int total, List<ScoreFactor> explanation) {

    public static final String SUBJECT = "subjectCredit";
    public static final String TRANSACTION = "transactionCredit";
    public static final String ENTITY = "entityCredit";

    /** Points per factor, in the order subject, transaction, entity. */
    public Map<String, Integer> factors() {
        var factors = new LinkedHashMap<String, Integer>();
        explanation.forEach(f -> factors.put(f.name(), f.points()));
        return factors;
    }
}
