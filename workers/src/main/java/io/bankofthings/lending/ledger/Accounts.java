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

    /**
     * A thing's virtual account, bound to its owner's {@link #customerAccount}: each payment the thing makes is funded
     * from the owner account through it, so the thing's own account nets to zero and lists its payments.
     */
    public static String thingAccount(String thingId) {
        return "thing:" + thingId;
    }

    /** What the bank owes a merchant or other counterparty for payments made to it (a liability: credited). */
    public static String merchantSettlement(String counterpartyId) {
        return "merchant:" + counterpartyId;
    }

    /** The bank's interest income (revenue): credited with the interest part of every loan repayment. */
    public static String interestIncome() {
        return "income:interest";
    }
}
