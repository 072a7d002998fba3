package io.bankofthings.lending.collateral;

import java.time.Instant;

/** A lien on one asset in the registry; {@code loanId} is null for a lien filed by another lender. */
public record Lien(String filingNumber, String assetIdentifier, String loanId, String securedParty, String status,
        Instant registeredAt, Instant releasedAt) {}
