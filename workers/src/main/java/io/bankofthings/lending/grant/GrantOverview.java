package io.bankofthings.lending.grant;

import java.util.List;
import java.util.Map;

/**
 * What the owner sees of a grant: the grant, what is left in each period (null where the grant sets no limit) and
 * its payments, newest first.
 */
public record GrantOverview(Grant grant, Map<Period, Remaining> remaining, List<ThingPayment> payments) {

    /** Left to spend and payments left in the current period; null where the grant has no such limit. */
    public record Remaining(Long amountMinor, Integer payments, long spentMinor, int paymentCount) {}
}
