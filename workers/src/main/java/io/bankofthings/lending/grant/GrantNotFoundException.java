package io.bankofthings.lending.grant;

/** No grant with this id is visible to the caller (another owner's grant is reported the same way). */
public class GrantNotFoundException extends RuntimeException {

    public GrantNotFoundException(String grantId) {
        super("No grant " + grantId);
    }
}
