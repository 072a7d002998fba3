package io.bankofthings.lending.ledger;

/** Naming rule for ledger accounts, so every module names the same account the same way. */
public final class Accounts {

    private Accounts() {}

    /** The bank's receivable (asset) for one loan: debited on disbursement, credited by repayments. */
    public static String loanReceivable(String loanId) {
        return "loan:" + loanId;
    }

    /** A customer's current account (a liability of the bank): credited when a loan is paid out to it. */
    public static String customerAccount(String customerId) {
        return "customer:" + customerId;
    }
}
