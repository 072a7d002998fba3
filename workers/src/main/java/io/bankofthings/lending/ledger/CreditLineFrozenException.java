package io.bankofthings.lending.ledger;

import java.util.List;

/** A disbursement or drawdown refused because the loan's credit line is frozen, naming the reasons (alert ids). */
public class CreditLineFrozenException extends RuntimeException {

    private final String loanId;
    private final List<String> reasons;

    public CreditLineFrozenException(String loanId, List<String> reasons) {
        super("Credit line of loan " + loanId + " is frozen by " + reasons + "; no disbursement until released");
        this.loanId = loanId;
        this.reasons = List.copyOf(reasons);
    }

    public String loanId() {
        return loanId;
    }

    public List<String> reasons() {
        return reasons;
    }
}
